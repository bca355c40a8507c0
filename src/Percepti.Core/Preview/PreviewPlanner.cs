using Percepti.Core.Graph;

namespace Percepti.Core.Preview;

/// <summary>
/// The tensor-free decisions of a preview run: what a component's preview is when it cannot run (its own error,
/// or blocked by the first failing component upstream), what its cache key is when it can, what components off
/// the topological order show, and which previews changed from one committed version to the next.
/// </summary>
internal static class PreviewPlanner
{
    /// <summary>
    /// Decides one component of a run, given the previews and keys of the components before it in topological
    /// order: a final preview when it cannot run, otherwise the key to look up or compute.
    /// </summary>
    public static PlannedNode Plan(
        ModelGraph graph,
        GraphAnalysis analysis,
        NodeId id,
        long version,
        IReadOnlyDictionary<NodeId, ComponentPreview> previews,
        IReadOnlyDictionary<NodeId, PreviewKey> keys,
        string sampleId,
        long seed)
    {
        var info = analysis.Nodes[id];
        var ownError = analysis.For(id).FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
        if (ownError is not null)
        {
            return new PlannedNode(Failed(id, version, info.OutputShape, ownError.Message), null);
        }

        var upstream = graph.UpstreamOf(id);
        var blocker = upstream.Select(u => previews[u]).FirstOrDefault(p => p.Status is PreviewStatus.Error or PreviewStatus.Blocked);
        if (blocker is not null)
        {
            // Blocked by the component that failed, not by the one in between.
            var root = blocker.BlockedBy ?? blocker.NodeId;
            return new PlannedNode(new ComponentPreview(id, version, PreviewStatus.Blocked, info.OutputShape, null, 0, [], null, TimeSpan.Zero, $"Blocked by '{root}'.", root), null);
        }

        var node = graph[id];
        return new PlannedNode(null, new PreviewKey(id, node.Kind, node.Settings, [.. upstream.Select(u => keys[u])], sampleId, seed));
    }

    /// <summary>Previews of the components a run never reached: those on cycles, which have no topological order.</summary>
    public static IEnumerable<ComponentPreview> Unreached(ModelGraph graph, GraphAnalysis analysis, long version, IReadOnlyDictionary<NodeId, ComponentPreview> previews)
    {
        foreach (var node in graph.Nodes.Where(n => !previews.ContainsKey(n.Id)))
        {
            var error = analysis.For(node.Id).FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
            yield return error is not null
                ? Failed(node.Id, version, null, error.Message)
                : new ComponentPreview(node.Id, version, PreviewStatus.Blocked, null, null, 0, [], null, TimeSpan.Zero, "Blocked by a cycle upstream.");
        }
    }

    /// <summary>
    /// The previews to publish for a committed version, in topological order (components off the order last): those
    /// whose status, message or key changed from the previous committed version, and those that are new.
    /// </summary>
    public static List<ComponentPreview> Changed(
        ModelGraph graph,
        GraphAnalysis analysis,
        IReadOnlyDictionary<NodeId, ComponentPreview> previews,
        IReadOnlyDictionary<NodeId, PreviewKey> keys,
        PreviewSnapshot previous,
        IReadOnlyDictionary<NodeId, PreviewKey> previousKeys)
    {
        var order = analysis.TopologicalOrder.Concat(graph.Nodes.Select(n => n.Id).Except(analysis.TopologicalOrder));
        return [.. order
            .Select(id => previews[id])
            .Where(p => !previous.Previews.TryGetValue(p.NodeId, out var old)
                || old.Status != p.Status
                || old.Message != p.Message
                || !(previousKeys.TryGetValue(p.NodeId, out var oldKey) && keys.TryGetValue(p.NodeId, out var newKey) && oldKey.Equals(newKey)))];
    }

    /// <summary>An error preview.</summary>
    public static ComponentPreview Failed(NodeId id, long version, TensorShape? shape, string message) =>
        new(id, version, PreviewStatus.Error, shape, null, 0, [], null, TimeSpan.Zero, message);
}
