using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;
using Percepti.Core.Graph;

namespace Percepti.Studio.Components.Model;

/// <summary>A graph node on the canvas: its id and kind, and one port per port of its kind (inputs left, outputs right).</summary>
public sealed class GraphNodeModel : NodeModel
{
    /// <summary>Creates the canvas node of a graph node.</summary>
    /// <param name="node">The graph node.</param>
    /// <param name="kind">Its kind.</param>
    public GraphNodeModel(GraphNode node, ComponentKind kind)
        : base(node.Id.Value, new Point(node.Position.X, node.Position.Y))
    {
        NodeId = node.Id;
        Kind = kind;
        Update(node);
    }

    /// <summary>The graph node's id.</summary>
    public NodeId NodeId { get; }

    /// <summary>The node's kind.</summary>
    public ComponentKind Kind { get; }

    /// <summary>The node as the canvas last showed it.</summary>
    public GraphNode Node { get; private set; } = null!;

    /// <summary>Port names in the order the ports were made, to tell when they must be remade.</summary>
    public string PortSignature { get; private set; } = "";

    /// <summary>Takes the graph node's current settings and label; remakes the ports when the kind's ports changed.</summary>
    /// <param name="node">The graph node.</param>
    public void Update(GraphNode node)
    {
        Node = node;
        Title = node.Label;
        var inputs = Kind.GetInputPorts(node.Settings);
        var outputs = Kind.GetOutputPorts(node.Settings);
        string signature = string.Join(",", inputs.Select(p => "in:" + p.Name).Concat(outputs.Select(p => "out:" + p.Name)));
        if (signature == PortSignature)
        {
            return;
        }

        foreach (var port in Ports.ToList())
        {
            RemovePort(port);
        }

        for (int i = 0; i < inputs.Count; i++)
        {
            AddPort(new GraphPortModel(this, inputs[i].Name, isInput: true, i, inputs.Count));
        }

        for (int i = 0; i < outputs.Count; i++)
        {
            AddPort(new GraphPortModel(this, outputs[i].Name, isInput: false, i, outputs.Count));
        }

        PortSignature = signature;
    }
}
