namespace Percepti.Core.Graph;

/// <summary>
/// Thrown by <see cref="ComponentKind.InferOutputShape"/> when a component cannot accept its inputs'
/// shapes; graph validation turns it into a shape-mismatch diagnostic on the node and port.
/// </summary>
public sealed class ComponentShapeException : PerceptiException
{
    /// <summary>Creates the exception.</summary>
    public ComponentShapeException()
        : this("The input shapes do not fit this component.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What does not fit, with the shapes involved.</param>
    public ComponentShapeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What does not fit, with the shapes involved.</param>
    /// <param name="innerException">The cause.</param>
    public ComponentShapeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for one port.</summary>
    /// <param name="message">What does not fit, with the shapes involved.</param>
    /// <param name="port">The input port whose shape is wrong.</param>
    public ComponentShapeException(string message, string? port)
        : base(message) => Port = port;

    /// <summary>The input port whose shape is wrong, or null when no single port is to blame.</summary>
    public string? Port { get; }
}
