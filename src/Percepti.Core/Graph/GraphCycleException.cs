namespace Percepti.Core.Graph;

/// <summary>A connection was rejected because it would create a cycle; the graph is unchanged.</summary>
public sealed class GraphCycleException : GraphEditException
{
    /// <summary>Creates the exception.</summary>
    public GraphCycleException()
        : this("The connection would create a cycle.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The cycle that would be created.</param>
    public GraphCycleException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The cycle that would be created.</param>
    /// <param name="innerException">The cause.</param>
    public GraphCycleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The nodes of the cycle, in order, starting and ending at the same node.</summary>
    public IReadOnlyList<NodeId> Cycle { get; init; } = [];
}
