using Percepti.Core.Graph;

namespace Percepti.Core.Training;

/// <summary>A graph with errors cannot be compiled; <see cref="Diagnostics"/> lists them.</summary>
public sealed class GraphValidationException : Exception
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
}
