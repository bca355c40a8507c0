using System.Collections.Immutable;
using Percepti.Core.Components;

namespace Percepti.Core.Graph;

/// <summary>
/// An immutable graph of components: nodes (id, kind, settings, label, position) and port-to-port
/// connections. Every edit returns a new version and leaves this one as it was, so a preview or a
/// training run can work on one version while a UI produces the next. An invalid graph is still a
/// graph: <see cref="Analyze()"/> reports its problems per node and port.
/// </summary>
public sealed class ModelGraph : IEquatable<ModelGraph>
{
    private readonly ImmutableList<GraphNode> _nodes;
    private readonly ImmutableDictionary<NodeId, int> _index;
    private readonly ImmutableList<Connection> _connections;
    private GraphAnalysis? _analysis;

    private ModelGraph(string name, ImmutableList<GraphNode> nodes, ImmutableList<Connection> connections, ComponentCatalog catalog)
    {
        Name = name;
        _nodes = nodes;
        _connections = connections;
        Catalog = catalog;
        var index = ImmutableDictionary.CreateBuilder<NodeId, int>();
        for (int i = 0; i < nodes.Count; i++)
        {
            index[nodes[i].Id] = i;
        }

        _index = index.ToImmutable();
    }

    /// <summary>The graph's name.</summary>
    public string Name { get; }

    /// <summary>The catalog that resolves the nodes' kinds (not part of equality).</summary>
    public ComponentCatalog Catalog { get; }

    /// <summary>The nodes, in the order they were added.</summary>
    public IReadOnlyList<GraphNode> Nodes => _nodes;

    /// <summary>The connections, in the order they were made.</summary>
    public IReadOnlyList<Connection> Connections => _connections;

    /// <summary>Gets a node by id.</summary>
    /// <param name="id">The node's id.</param>
    /// <exception cref="KeyNotFoundException">No node has that id.</exception>
    public GraphNode this[NodeId id] => TryGetNode(id, out var node)
        ? node
        : throw new KeyNotFoundException($"Graph '{Name}' has no node '{id}'.");

    /// <summary>Creates a graph without nodes.</summary>
    /// <param name="name">The graph's name.</param>
    /// <param name="catalog">The catalog that resolves kinds; <see cref="ComponentCatalog.Default"/> when null.</param>
    /// <returns>The empty graph.</returns>
    public static ModelGraph Empty(string name, ComponentCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new ModelGraph(name, [], [], catalog ?? ComponentCatalog.Default);
    }

    /// <summary>Builds a graph in code with the fluent API, then lays it out left to right.</summary>
    /// <param name="name">The graph's name.</param>
    /// <param name="build">Adds components through the builder.</param>
    /// <param name="catalog">The catalog that resolves kinds; <see cref="ComponentCatalog.Default"/> when null.</param>
    /// <returns>The graph, with every node positioned by <see cref="GraphLayout"/>.</returns>
    public static ModelGraph Create(string name, Action<GraphBuilder> build, ComponentCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(build);
        var builder = new GraphBuilder(Empty(name, catalog));
        build(builder);
        return GraphLayout.Arrange(builder.Graph);
    }

    internal static ModelGraph FromParts(string name, IEnumerable<GraphNode> nodes, IEnumerable<Connection> connections, ComponentCatalog catalog) =>
        new(name, [.. nodes], [.. connections], catalog);

    /// <summary>Whether a node with this id exists.</summary>
    /// <param name="id">The id.</param>
    /// <returns>True when it exists.</returns>
    public bool Contains(NodeId id) => _index.ContainsKey(id);

    /// <summary>Finds a node.</summary>
    /// <param name="id">The id.</param>
    /// <param name="node">The node, when found.</param>
    /// <returns>True when found.</returns>
    public bool TryGetNode(NodeId id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GraphNode? node)
    {
        if (_index.TryGetValue(id, out int i))
        {
            node = _nodes[i];
            return true;
        }

        node = null;
        return false;
    }

    /// <summary>The connections into a node's input ports.</summary>
    /// <param name="id">The node.</param>
    /// <returns>The incoming connections.</returns>
    public IEnumerable<Connection> InputsOf(NodeId id) => _connections.Where(c => c.To.Node == id);

    /// <summary>The connection into one input port, or null when the port is not connected (the first, if several are).</summary>
    /// <param name="node">The consuming node.</param>
    /// <param name="port">Its input port.</param>
    /// <returns>The connection or null.</returns>
    internal Connection? ConnectionInto(NodeId node, string port) =>
        _connections.FirstOrDefault(c => c.To.Node == node && c.To.Port == port);

    /// <summary>The nodes feeding a node's input ports, in port order; every port must be connected (a valid graph).</summary>
    /// <param name="id">The consuming node.</param>
    /// <returns>One node per input port.</returns>
    internal NodeId[] UpstreamOf(NodeId id)
    {
        var node = this[id];
        return [.. Catalog.Get(node.Kind).GetInputPorts(node.Settings).Select(port => ConnectionInto(id, port.Name)!.From.Node)];
    }

    /// <summary>The connections out of a node's output ports.</summary>
    /// <param name="id">The node.</param>
    /// <returns>The outgoing connections.</returns>
    public IEnumerable<Connection> OutputsOf(NodeId id) => _connections.Where(c => c.From.Node == id);

    /// <summary>Returns an id not yet used, made from <paramref name="prefix"/> and a number.</summary>
    /// <param name="prefix">The id's start, e.g. <c>dense</c>.</param>
    /// <returns>A fresh id such as <c>dense_3</c>.</returns>
    public NodeId NewNodeId(string prefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        for (int n = 1; ; n++)
        {
            // Fresh in module names too: "dense_1" is taken when "dense.1" exists.
            var candidate = new NodeId($"{prefix}_{n}");
            if (!_index.Keys.Any(id => id.ModuleName == candidate.ModuleName))
            {
                return candidate;
            }
        }
    }

    /// <summary>Renames the graph.</summary>
    /// <param name="name">The new name.</param>
    /// <returns>The new version.</returns>
    public ModelGraph WithName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new ModelGraph(name, _nodes, _connections, Catalog);
    }

    /// <summary>Adds a node.</summary>
    /// <param name="node">The node; its id must be new to the graph.</param>
    /// <returns>The new version.</returns>
    /// <exception cref="GraphEditException">The id is taken.</exception>
    public ModelGraph AddNode(GraphNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(node.Settings);
        if (Contains(node.Id))
        {
            throw new GraphEditException($"Graph '{Name}' already has a node '{node.Id}'; choose another id.") { NodeId = node.Id };
        }

        return new ModelGraph(Name, _nodes.Add(node), _connections, Catalog);
    }

    /// <summary>Adds a node of a catalog kind with its default settings (or the given ones).</summary>
    /// <param name="kind">The kind's name.</param>
    /// <param name="id">The new node's id; a fresh one from the kind's name when null.</param>
    /// <param name="settings">The settings; the kind's defaults when null.</param>
    /// <param name="position">Where to place it.</param>
    /// <returns>The new version.</returns>
    /// <exception cref="GraphEditException">The kind is unknown or the id is taken.</exception>
    public ModelGraph AddNode(string kind, NodeId? id = null, ComponentSettings? settings = null, NodePosition position = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (!Catalog.TryGet(kind, out var componentKind))
        {
            throw new GraphEditException($"No component kind named '{kind}' is registered in the graph's catalog.");
        }

        var nodeId = id ?? NewNodeId(kind.ToLowerInvariant());
        return AddNode(new GraphNode(nodeId, kind, settings ?? componentKind.DefaultSettings, nodeId.Value, position));
    }

    /// <summary>Removes a node and every connection to or from it.</summary>
    /// <param name="id">The node.</param>
    /// <returns>The new version.</returns>
    /// <exception cref="GraphEditException">No such node.</exception>
    public ModelGraph RemoveNode(NodeId id)
    {
        var node = Require(id);
        return new ModelGraph(Name, _nodes.Remove(node), _connections.RemoveAll(c => c.From.Node == id || c.To.Node == id), Catalog);
    }

    /// <summary>Replaces a node's settings.</summary>
    /// <param name="id">The node.</param>
    /// <param name="settings">The new settings, of the type the node's kind takes.</param>
    /// <returns>The new version (this one when the settings are equal).</returns>
    /// <exception cref="GraphEditException">No such node, or the settings are of another type.</exception>
    public ModelGraph UpdateSettings(NodeId id, ComponentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var node = Require(id);
        if (Catalog.TryGet(node.Kind, out var kind) && !kind.SettingsType.IsInstanceOfType(settings))
        {
            throw new GraphEditException($"Node '{id}' is a {node.Kind}, which takes {kind.SettingsType.Name}, not {settings.GetType().Name}.") { NodeId = id };
        }

        return node.Settings == settings ? this : Replace(node, node with { Settings = settings });
    }

    /// <summary>Updates a node's settings with a function of the current ones.</summary>
    /// <typeparam name="TSettings">The settings type of the node's kind.</typeparam>
    /// <param name="id">The node.</param>
    /// <param name="update">Returns the new settings, typically with a <c>with</c> expression.</param>
    /// <returns>The new version.</returns>
    /// <exception cref="GraphEditException">No such node, or its settings are not <typeparamref name="TSettings"/>.</exception>
    public ModelGraph UpdateSettings<TSettings>(NodeId id, Func<TSettings, TSettings> update)
        where TSettings : ComponentSettings
    {
        ArgumentNullException.ThrowIfNull(update);
        var node = Require(id);
        if (node.Settings is not TSettings current)
        {
            throw new GraphEditException($"Node '{id}' has {node.Settings.GetType().Name}, not {typeof(TSettings).Name}.") { NodeId = id };
        }

        return UpdateSettings(id, update(current));
    }

    /// <summary>Changes the label a user sees; the id stays.</summary>
    /// <param name="id">The node.</param>
    /// <param name="label">The new label.</param>
    /// <returns>The new version.</returns>
    public ModelGraph Rename(NodeId id, string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var node = Require(id);
        return node.Label == label ? this : Replace(node, node with { Label = label });
    }

    /// <summary>Moves a node on the canvas.</summary>
    /// <param name="id">The node.</param>
    /// <param name="position">The new position.</param>
    /// <returns>The new version.</returns>
    public ModelGraph Move(NodeId id, NodePosition position)
    {
        var node = Require(id);
        return node.Position == position ? this : Replace(node, node with { Position = position });
    }

    /// <summary>Connects an output port to an input port.</summary>
    /// <param name="from">The producing node.</param>
    /// <param name="fromPort">Its output port.</param>
    /// <param name="to">The consuming node.</param>
    /// <param name="toPort">Its input port.</param>
    /// <returns>The new version.</returns>
    /// <exception cref="GraphCycleException">The connection would create a cycle.</exception>
    /// <exception cref="GraphEditException">A node or port does not exist, or the input port is taken.</exception>
    public ModelGraph Connect(NodeId from, string fromPort, NodeId to, string toPort) => Connect(new Connection(from, fromPort, to, toPort));

    /// <summary>Adds a connection.</summary>
    /// <param name="connection">The connection.</param>
    /// <returns>The new version.</returns>
    /// <exception cref="GraphCycleException">The connection would create a cycle.</exception>
    /// <exception cref="GraphEditException">A node or port does not exist, or the input port is taken.</exception>
    public ModelGraph Connect(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var source = Require(connection.From.Node);
        var target = Require(connection.To.Node);
        if (Catalog.TryGet(source.Kind, out var sourceKind)
            && !sourceKind.GetOutputPorts(source.Settings).Any(p => p.Name == connection.From.Port))
        {
            throw new GraphEditException($"{source.Kind} node '{source.Id}' has no output port '{connection.From.Port}'; it has {PortList(sourceKind.GetOutputPorts(source.Settings))}.") { NodeId = source.Id };
        }

        if (Catalog.TryGet(target.Kind, out var targetKind)
            && !targetKind.GetInputPorts(target.Settings).Any(p => p.Name == connection.To.Port))
        {
            throw new GraphEditException($"{target.Kind} node '{target.Id}' has no input port '{connection.To.Port}'; it has {PortList(targetKind.GetInputPorts(target.Settings))}.") { NodeId = target.Id };
        }

        var existing = _connections.FirstOrDefault(c => c.To == connection.To);
        if (existing is not null)
        {
            throw new GraphEditException($"Input port {connection.To} is already connected from {existing.From}; disconnect it first.") { NodeId = target.Id };
        }

        var path = GraphTopology.FindPath(this, connection.To.Node, connection.From.Node);
        if (path is not null)
        {
            IReadOnlyList<NodeId> cycle = [.. path, connection.To.Node];
            throw new GraphCycleException($"Connecting {connection.From} to {connection.To} would create a cycle: {string.Join(" -> ", cycle)}.")
            {
                NodeId = target.Id,
                Cycle = cycle,
            };
        }

        return new ModelGraph(Name, _nodes, _connections.Add(connection), Catalog);
    }

    /// <summary>Removes a connection.</summary>
    /// <param name="connection">The connection.</param>
    /// <returns>The new version.</returns>
    /// <exception cref="GraphEditException">No such connection.</exception>
    public ModelGraph Disconnect(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!_connections.Contains(connection))
        {
            throw new GraphEditException($"Graph '{Name}' has no connection {connection}.");
        }

        return new ModelGraph(Name, _nodes, _connections.Remove(connection), Catalog);
    }

    /// <summary>
    /// Validates the graph and infers every node's shapes and parameter counts, without tensors.
    /// The result is computed once per version.
    /// </summary>
    /// <returns>Diagnostics per node and port, shapes and parameter counts.</returns>
    public GraphAnalysis Analyze() => _analysis ??= GraphAnalyzer.Analyze(this, GraphLimits.Default);

    /// <summary>Analyzes the graph against other resource limits than <see cref="GraphLimits.Default"/>.</summary>
    /// <param name="limits">The limits.</param>
    /// <returns>Diagnostics, shapes and parameter counts.</returns>
    public GraphAnalysis Analyze(GraphLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return limits == GraphLimits.Default ? Analyze() : GraphAnalyzer.Analyze(this, limits);
    }

    /// <summary>The problems of this graph, per node and port (see <see cref="Analyze()"/>).</summary>
    /// <returns>The diagnostics; no errors means the graph can be built.</returns>
    public IReadOnlyList<GraphDiagnostic> Validate() => Analyze().Diagnostics;

    /// <summary>A Keras-like summary: one row per component with kind, output shape, parameters and inputs.</summary>
    /// <returns>The summary; its <see cref="object.ToString"/> is the table.</returns>
    public GraphSummary Summary() => GraphSummary.Create(this);

    /// <inheritdoc />
    public bool Equals(ModelGraph? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return other is not null
            && Name == other.Name
            && _nodes.Count == other._nodes.Count
            && _connections.Count == other._connections.Count
            && _nodes.All(n => other.TryGetNode(n.Id, out var o) && o == n)
            && _connections.ToHashSet().SetEquals(other._connections);
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ModelGraph);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        // Order-insensitive, like equality.
        int nodes = _nodes.Aggregate(0, (h, n) => h ^ n.GetHashCode());
        int connections = _connections.Aggregate(0, (h, c) => h ^ c.GetHashCode());
        return HashCode.Combine(Name, nodes, connections);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({_nodes.Count} nodes, {_connections.Count} connections)";

    private static string PortList(IReadOnlyList<PortDefinition> ports) =>
        ports.Count == 0 ? "none" : string.Join(", ", ports.Select(p => $"'{p.Name}'"));

    private GraphNode Require(NodeId id) => TryGetNode(id, out var node)
        ? node
        : throw new GraphEditException($"Graph '{Name}' has no node '{id}'.") { NodeId = id };

    private ModelGraph Replace(GraphNode old, GraphNode updated) =>
        new(Name, _nodes.SetItem(_index[old.Id], updated), _connections, Catalog);
}
