namespace Percepti.Core.Export;

/// <summary>A graph could not be exported to ONNX; <see cref="Problems"/> names the components at fault.</summary>
public sealed class OnnxExportException : PerceptiException
{
    /// <summary>Creates the exception.</summary>
    public OnnxExportException()
        : this("The graph cannot be exported to ONNX.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the components.</param>
    public OnnxExportException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the components.</param>
    /// <param name="innerException">The cause.</param>
    public OnnxExportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The components that ONNX cannot express; empty when the problem is elsewhere (e.g. no outputs).</summary>
    public IReadOnlyList<OnnxExportProblem> Problems { get; init; } = [];
}
