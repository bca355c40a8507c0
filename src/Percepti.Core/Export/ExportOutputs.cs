using Percepti.Core.Components.Kinds;
using Percepti.Core.Graph;

namespace Percepti.Core.Export;

/// <summary>Which components an exported model returns, and which components those depend on; shared by ONNX export and the code view.</summary>
internal static class ExportOutputs
{
    /// <summary>The chosen outputs, or what each loss head reads; each with the Classification head it feeds, if any.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="chosen">Outputs a caller named, or null for the heads' predictions.</param>
    /// <param name="error">Creates the exception type of the calling exporter.</param>
    public static List<(NodeId Node, NodeId? Head)> Select(ModelGraph graph, IReadOnlyList<NodeId>? chosen, Func<string, Exception> error)
    {
        if (chosen is not null)
        {
            if (chosen.Count == 0)
            {
                throw error("The list of outputs is empty; name at least one component, or leave it null for the heads' predictions.");
            }

            foreach (var id in chosen.Where(id => !graph.Contains(id)))
            {
                throw error($"Output '{id}' is not a component of graph '{graph.Name}'.");
            }

            return [.. chosen.Distinct().Select(id => (id, ClassificationReading(graph, id)))];
        }

        var heads = graph.Nodes.Where(n => n.Settings is ClassificationSettings or RegressionSettings).ToList();
        if (heads.Count == 0)
        {
            throw error($"Graph '{graph.Name}' has no loss head, so there is no default output; name the outputs in the options.");
        }

        return [.. heads.Select(h =>
        {
            bool classification = h.Settings is ClassificationSettings;
            string port = classification ? ClassificationSettings.LogitsPort : RegressionSettings.PredictionPort;
            return (graph.ConnectionInto(h.Id, port)!.From.Node, classification ? (NodeId?)h.Id : null);
        }).Distinct()];
    }

    /// <summary>The outputs and every component they depend on.</summary>
    public static HashSet<NodeId> Ancestors(ModelGraph graph, IEnumerable<NodeId> outputs)
    {
        var seen = new HashSet<NodeId>();
        var pending = new Stack<NodeId>(outputs);
        while (pending.Count > 0)
        {
            var id = pending.Pop();
            if (seen.Add(id))
            {
                foreach (var connection in graph.InputsOf(id))
                {
                    pending.Push(connection.From.Node);
                }
            }
        }

        return seen;
    }

    private static NodeId? ClassificationReading(ModelGraph graph, NodeId id) =>
        graph.OutputsOf(id).Where(c => c.To.Port == ClassificationSettings.LogitsPort && graph[c.To.Node].Settings is ClassificationSettings)
            .Select(c => (NodeId?)c.To.Node).FirstOrDefault();
}
