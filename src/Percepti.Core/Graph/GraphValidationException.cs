
namespace Percepti.Core.Graph;

/// <summary>A graph with errors cannot be compiled; <see cref="Diagnostics"/> lists them.</summary>
public sealed class GraphValidationException : PerceptiException
{
    /// <summary>Creates the exception.</summary>
    public GraphValidationException()
        : this("The graph has errors.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public GraphValidationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public GraphValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The graph's errors.</summary>
    public IReadOnlyList<GraphDiagnostic> Diagnostics { get; init; } = [];

    /// <summary>Analyzes a graph and throws when it has errors, naming the first.</summary>
    /// <returns>The analysis of the valid graph.</returns>
    internal static GraphAnalysis ThrowIfInvalid(ModelGraph graph, GraphLimits? limits = null)
    {
        var analysis = graph.Analyze(limits ?? GraphLimits.Default);
        if (!analysis.IsValid)
        {
            var errors = analysis.Errors.ToList();
            throw new GraphValidationException($"Graph '{graph.Name}' has {errors.Count} error(s); the first: {errors[0]}") { Diagnostics = errors };
        }

        return analysis;
    }
}
