namespace Percepti.Core.Graph;

/// <summary>
/// An output port of a node being built with <see cref="GraphBuilder"/>; fluent methods such as
/// <c>Conv2D</c> or <c>Dense</c> (in <c>Percepti.Core.Components</c>) add a node fed from it.
/// </summary>
public sealed class NodeOutput
{
    internal NodeOutput(GraphBuilder builder, NodeId node, string port)
    {
        Builder = builder;
        Node = node;
        Port = port;
    }

    /// <summary>The builder the node belongs to.</summary>
    public GraphBuilder Builder { get; }

    /// <summary>The node.</summary>
    public NodeId Node { get; }

    /// <summary>The output port.</summary>
    public string Port { get; }

    /// <summary>The port as a reference.</summary>
    public PortReference Reference => new(Node, Port);

    /// <inheritdoc />
    public override string ToString() => Reference.ToString();
}
