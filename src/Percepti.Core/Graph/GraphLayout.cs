namespace Percepti.Core.Graph;

/// <summary>
/// Places nodes left to right by depth (longest path from a source), one column per depth, nodes of
/// a column stacked without overlap and ordered by the mean row of their inputs to reduce crossings.
/// </summary>
public static class GraphLayout
{
    /// <summary>Returns the graph with every node repositioned.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="options">Spacing; defaults when null.</param>
    /// <returns>The positioned graph.</returns>
    public static ModelGraph Arrange(ModelGraph graph, LayoutOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        options ??= new LayoutOptions();
        var order = GraphTopology.TopologicalOrder(graph, out var unordered);
        var depth = new Dictionary<NodeId, int>();
        foreach (var id in order)
        {
            depth[id] = graph.InputsOf(id).Select(c => depth.TryGetValue(c.From.Node, out int d) ? d + 1 : 0).DefaultIfEmpty(0).Max();
        }

        // Nodes on cycles cannot be layered; they go in one column after the rest.
        int last = depth.Count == 0 ? 0 : depth.Values.Max() + 1;
        foreach (var id in graph.Nodes.Select(n => n.Id).Where(unordered.Contains))
        {
            depth[id] = last;
        }

        var row = new Dictionary<NodeId, double>();
        var result = graph;
        foreach (var column in graph.Nodes.Select(n => n.Id).GroupBy(id => depth[id]).OrderBy(g => g.Key))
        {
            var members = column
                .Select((id, i) => (Id: id, Key: graph.InputsOf(id).Select(c => row.GetValueOrDefault(c.From.Node, double.NaN)).Where(double.IsFinite).DefaultIfEmpty(i).Average(), Index: i))
                .OrderBy(m => m.Key)
                .ThenBy(m => m.Index)
                .ToList();
            for (int i = 0; i < members.Count; i++)
            {
                row[members[i].Id] = i;
                var position = new NodePosition(
                    column.Key * (options.NodeWidth + options.HorizontalGap),
                    i * (options.NodeHeight + options.VerticalGap));
                result = result.Move(members[i].Id, position);
            }
        }

        return result;
    }
}
