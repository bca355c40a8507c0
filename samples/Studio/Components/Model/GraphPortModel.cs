using Blazor.Diagrams.Core.Models;

namespace Percepti.Studio.Components.Model;

/// <summary>A port of a graph node on the canvas, named as the kind names it; its id is <c>node:in|out:port</c>.</summary>
public sealed class GraphPortModel : PortModel
{
    /// <summary>Creates the port.</summary>
    /// <param name="parent">The node.</param>
    /// <param name="name">The kind's port name.</param>
    /// <param name="isInput">Whether it takes a connection (left side) or gives one (right side).</param>
    /// <param name="index">Its position among the ports on its side.</param>
    /// <param name="count">How many ports are on its side.</param>
    public GraphPortModel(GraphNodeModel parent, string name, bool isInput, int index, int count)
        : base($"{parent.NodeId.Value}:{(isInput ? "in" : "out")}:{name}", parent, isInput ? PortAlignment.Left : PortAlignment.Right)
    {
        Name = name;
        IsInput = isInput;
        Index = index;
        Count = count;
    }

    /// <summary>The kind's port name.</summary>
    public string Name { get; }

    /// <summary>Whether it is an input port.</summary>
    public bool IsInput { get; }

    /// <summary>Its position among the ports on its side.</summary>
    public int Index { get; }

    /// <summary>How many ports are on its side.</summary>
    public int Count { get; }

    /// <summary>The graph node it belongs to.</summary>
    public GraphNodeModel Node => (GraphNodeModel)Parent;

    /// <summary>Where it sits on its side, as a CSS top percentage.</summary>
    public double TopPercent => 100.0 * (Index + 1) / (Count + 1);
}
