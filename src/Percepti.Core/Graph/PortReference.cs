namespace Percepti.Core.Graph;

/// <summary>One port of one node.</summary>
/// <param name="Node">The node.</param>
/// <param name="Port">The port's name, e.g. <c>input</c> or <c>output</c>.</param>
public readonly record struct PortReference(NodeId Node, string Port)
{
    /// <inheritdoc />
    public override string ToString() => $"{Node}.{Port}";
}
