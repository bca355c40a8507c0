namespace Percepti.Core.Graph;

/// <summary>
/// Builds a <see cref="ModelGraph"/> in code (see <see cref="ModelGraph.Create"/>). Each method adds
/// a node and returns its output. The methods that name a built-in kind (<c>Input</c>, <c>Target</c>,
/// <c>Classification</c>, <c>Dense</c>, …) are extension methods in <c>Percepti.Core.Components</c>.
/// </summary>
public sealed class GraphBuilder
{
    internal GraphBuilder(ModelGraph graph) => Graph = graph;

    /// <summary>The graph built so far.</summary>
    public ModelGraph Graph { get; private set; }

    /// <summary>Adds a node of any catalog kind (including custom ones) fed from the given outputs in port order.</summary>
    /// <param name="kind">The kind's name.</param>
    /// <param name="settings">The settings; the kind's defaults when null.</param>
    /// <param name="inputs">The outputs feeding the kind's input ports, in port order.</param>
    /// <param name="name">The node's id and label; generated from the kind when null.</param>
    /// <returns>The node's output.</returns>
    /// <exception cref="GraphEditException">The kind is unknown, the name is taken, or the inputs do not match the ports.</exception>
    public NodeOutput Component(string kind, ComponentSettings? settings, IReadOnlyList<NodeOutput> inputs, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (!Graph.Catalog.TryGet(kind, out var componentKind))
        {
            throw new GraphEditException($"No component kind named '{kind}' is registered in the graph's catalog.");
        }

        return AddNode(kind, settings ?? componentKind.DefaultSettings, inputs, name, kind.ToLowerInvariant());
    }

    internal NodeOutput AddNode(string kind, ComponentSettings settings, IReadOnlyList<NodeOutput> inputs, string? name, string prefix)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var componentKind = Graph.Catalog.Get(kind);
        var ports = componentKind.GetInputPorts(settings);
        if (inputs.Count != ports.Count)
        {
            throw new GraphEditException($"{kind} takes {ports.Count} input(s) ({string.Join(", ", ports.Select(p => p.Name))}), but {inputs.Count} were given.");
        }

        foreach (var input in inputs)
        {
            if (input.Builder != this)
            {
                throw new GraphEditException($"Output {input} belongs to another graph builder.");
            }
        }

        string? problem = name is null ? null : NodeId.Check(name);
        if (problem is not null)
        {
            throw new GraphEditException($"Cannot name a node '{name}': {problem}.");
        }

        var id = name is null ? Graph.NewNodeId(prefix) : new NodeId(name);
        var graph = Graph.AddNode(new GraphNode(id, kind, settings, id.Value, NodePosition.Origin));
        for (int i = 0; i < inputs.Count; i++)
        {
            graph = graph.Connect(new Connection(inputs[i].Reference, new PortReference(id, ports[i].Name)));
        }

        Graph = graph;
        return new NodeOutput(this, id, componentKind.GetOutputPorts(settings)[0].Name);
    }
}
