namespace Percepti.Core.Graph;

/// <summary>An edit was rejected (it would create a cycle, names a missing node or port, ...); the graph is unchanged.</summary>
public class GraphEditException : PerceptiException
{
    /// <summary>Creates the exception.</summary>
    public GraphEditException()
        : this("The edit was rejected.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the edit was rejected.</param>
    public GraphEditException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the edit was rejected.</param>
    /// <param name="innerException">The cause.</param>
    public GraphEditException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The node the edit was about, when there is one.</summary>
    public NodeId? NodeId { get; init; }
}
