namespace Percepti.Core.Graph;

/// <summary>
/// A wire from an output port to an input port. An input port takes at most one connection;
/// an output port may feed many.
/// </summary>
/// <param name="From">The output port that produces the value.</param>
/// <param name="To">The input port that consumes it.</param>
public sealed record Connection(PortReference From, PortReference To)
{
    /// <summary>Creates a connection from node/port names.</summary>
    /// <param name="fromNode">The producing node.</param>
    /// <param name="fromPort">Its output port.</param>
    /// <param name="toNode">The consuming node.</param>
    /// <param name="toPort">Its input port.</param>
    public Connection(NodeId fromNode, string fromPort, NodeId toNode, string toPort)
        : this(new PortReference(fromNode, fromPort), new PortReference(toNode, toPort))
    {
    }

    /// <inheritdoc />
    public override string ToString() => $"{From} -> {To}";
}
