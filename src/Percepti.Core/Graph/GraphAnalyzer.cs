using Percepti.Core.Components;

namespace Percepti.Core.Graph;

/// <summary>Validates a graph and infers shapes and parameter counts, node by node in topological order.</summary>
internal static class GraphAnalyzer
{
    public static GraphAnalysis Analyze(ModelGraph graph, GraphLimits limits)
    {
        var diagnostics = new List<GraphDiagnostic>();
        var kinds = new Dictionary<NodeId, ComponentKind>();
        var broken = new HashSet<NodeId>();

        foreach (var node in graph.Nodes)
        {
            if (!graph.Catalog.TryGet(node.Kind, out var kind))
            {
                diagnostics.Add(Error(GraphDiagnosticCodes.UnknownKind, $"Unknown component kind '{node.Kind}'; it is not in the catalog.", node.Id));
                broken.Add(node.Id);
                continue;
            }

            kinds[node.Id] = kind;
            foreach (var error in kind.Validate(node.Settings))
            {
                diagnostics.Add(Error(GraphDiagnosticCodes.InvalidSetting, error.Message + ".", node.Id, setting: error.Setting));
                broken.Add(node.Id);
            }
        }

        CheckConnections(graph, kinds, diagnostics, broken);

        foreach (var clash in graph.Nodes.GroupBy(n => n.Id.ModuleName, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var first = clash.First().Id;
            foreach (var node in clash.Skip(1))
            {
                diagnostics.Add(Error(GraphDiagnosticCodes.ModuleNameClash, $"'{node.Id}' and '{first}' would both be the module '{clash.Key}' ('.' becomes '_' in module and weight names); rename one.", node.Id));
                broken.Add(node.Id);
            }
        }

        foreach (var cycle in GraphTopology.Cycles(graph))
        {
            string path = string.Join(" -> ", cycle.Append(cycle[0]));
            foreach (var id in cycle)
            {
                diagnostics.Add(Error(GraphDiagnosticCodes.Cycle, $"'{id}' is on a cycle: {path}.", id));
                broken.Add(id);
            }
        }

        var order = GraphTopology.TopologicalOrder(graph, out var unordered);
        var results = new Dictionary<NodeId, NodeAnalysis>();
        foreach (var id in order)
        {
            results[id] = AnalyzeNode(graph, graph[id], kinds.GetValueOrDefault(id), results, diagnostics, broken);
        }

        foreach (var id in unordered)
        {
            results[id] = new NodeAnalysis(id, kinds.GetValueOrDefault(id), [], null, 0, false);
        }

        CheckLimits(results, limits, diagnostics);

        if (graph.Nodes.Count > 0 && !kinds.Values.Any(k => k.IsHead))
        {
            diagnostics.Add(new GraphDiagnostic(DiagnosticSeverity.Warning, GraphDiagnosticCodes.NoHead, "The graph has no loss head (Classification or Regression), so it can be previewed but not trained."));
        }

        var position = graph.Nodes.Select((n, i) => (n.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var sorted = diagnostics
            .OrderByDescending(d => d.Severity)
            .ThenBy(d => d.NodeId is { } id ? position.GetValueOrDefault(id, int.MaxValue) : -1)
            .ToList();
        return new GraphAnalysis(sorted, results, order);
    }

    /// <summary>Sizes from shapes and parameter counts only: nothing is allocated to find them.</summary>
    private static void CheckLimits(Dictionary<NodeId, NodeAnalysis> results, GraphLimits limits, List<GraphDiagnostic> diagnostics)
    {
        double sampleBytes = 0;
        foreach (var node in results.Values.Where(n => n.OutputShape is not null))
        {
            double bytes = node.OutputShape!.ElementCount * 4.0;
            sampleBytes += bytes;
            if (bytes > limits.MaxOutputBytes)
            {
                diagnostics.Add(Error(GraphDiagnosticCodes.ResourceLimit, $"'{node.NodeId}' outputs {node.OutputShape} per sample, {Size(bytes)}; the limit is {Size(limits.MaxOutputBytes)} per component output (GraphLimits.MaxOutputBytes).", node.NodeId));
            }
        }

        double parameters = results.Values.Sum(n => (double)n.ParameterCount);
        if (parameters > limits.MaxParameters)
        {
            var largest = results.Values.MaxBy(n => n.ParameterCount)!;
            diagnostics.Add(Error(GraphDiagnosticCodes.ResourceLimit, $"The graph has {parameters:N0} parameters ({Size(parameters * 4)}), more than the limit of {limits.MaxParameters:N0} (GraphLimits.MaxParameters); '{largest.NodeId}' alone has {largest.ParameterCount:N0}.", largest.NodeId));
        }

        if (sampleBytes > limits.MaxSampleBytes)
        {
            diagnostics.Add(new GraphDiagnostic(DiagnosticSeverity.Error, GraphDiagnosticCodes.ResourceLimit, $"One sample's outputs through the whole graph take {Size(sampleBytes)}; the limit is {Size(limits.MaxSampleBytes)} (GraphLimits.MaxSampleBytes)."));
        }
    }

    private static string Size(double bytes) => bytes >= 1 << 30
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (1 << 30):F1} GiB")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (1 << 20):F1} MiB");

    private static void CheckConnections(ModelGraph graph, Dictionary<NodeId, ComponentKind> kinds, List<GraphDiagnostic> diagnostics, HashSet<NodeId> broken)
    {
        foreach (var connection in graph.Connections)
        {
            if (kinds.TryGetValue(connection.From.Node, out var fromKind)
                && !fromKind.GetOutputPorts(graph[connection.From.Node].Settings).Any(p => p.Name == connection.From.Port))
            {
                diagnostics.Add(Error(GraphDiagnosticCodes.UnknownPort, $"{fromKind.Name} has no output port '{connection.From.Port}' (connection to {connection.To}).", connection.From.Node, connection.From.Port));
                broken.Add(connection.From.Node);
            }

            if (kinds.TryGetValue(connection.To.Node, out var toKind)
                && !toKind.GetInputPorts(graph[connection.To.Node].Settings).Any(p => p.Name == connection.To.Port))
            {
                diagnostics.Add(Error(GraphDiagnosticCodes.UnknownPort, $"{toKind.Name} has no input port '{connection.To.Port}' (connection from {connection.From}).", connection.To.Node, connection.To.Port));
                broken.Add(connection.To.Node);
            }
        }

        foreach (var group in graph.Connections.GroupBy(c => c.To).Where(g => g.Count() > 1))
        {
            diagnostics.Add(Error(
                GraphDiagnosticCodes.DuplicateInput,
                $"Input port '{group.Key.Port}' has {group.Count()} connections ({string.Join(", ", group.Select(c => c.From))}); an input port takes one.",
                group.Key.Node,
                group.Key.Port));
            broken.Add(group.Key.Node);
        }
    }

    private static NodeAnalysis AnalyzeNode(
        ModelGraph graph,
        GraphNode node,
        ComponentKind? kind,
        Dictionary<NodeId, NodeAnalysis> results,
        List<GraphDiagnostic> diagnostics,
        HashSet<NodeId> broken)
    {
        if (kind is null)
        {
            return new NodeAnalysis(node.Id, null, [], null, 0, false);
        }

        bool valid = !broken.Contains(node.Id);
        var ports = kind.GetInputPorts(node.Settings);
        var shapes = new TensorShape?[ports.Count];
        for (int i = 0; i < ports.Count; i++)
        {
            var incoming = graph.ConnectionInto(node.Id, ports[i].Name);
            if (incoming is null)
            {
                diagnostics.Add(Error(GraphDiagnosticCodes.MissingInput, $"Input port '{ports[i].Name}' of {kind.Name} is not connected.", node.Id, ports[i].Name));
                valid = false;
                continue;
            }

            var upstream = results.GetValueOrDefault(incoming.From.Node);
            shapes[i] = upstream?.OutputShape;

            // A problem upstream is reported there; here it only blocks inference.
            valid &= upstream is { IsValid: true };
        }

        if (!valid || shapes.Any(s => s is null))
        {
            return new NodeAnalysis(node.Id, kind, shapes, null, 0, false);
        }

        var inputs = shapes.Select(s => s!).ToArray();
        try
        {
            var output = kind.InferOutputShape(node.Settings, inputs);
            long parameters = kind.CountParameters(node.Settings, inputs);
            return new NodeAnalysis(node.Id, kind, shapes, output, parameters, true);
        }
        catch (ComponentShapeException exception)
        {
            diagnostics.Add(Error(GraphDiagnosticCodes.ShapeMismatch, exception.Message, node.Id, exception.Port));
        }
        catch (Exception exception) when (exception is ArgumentException or OverflowException or InvalidOperationException)
        {
            // A custom kind may fail its own way; the graph stays analysable.
            diagnostics.Add(Error(GraphDiagnosticCodes.ShapeMismatch, $"{kind.Name} could not infer its output shape: {exception.Message}", node.Id));
        }

        return new NodeAnalysis(node.Id, kind, shapes, null, 0, false);
    }

    private static GraphDiagnostic Error(string code, string message, NodeId? id = null, string? port = null, string? setting = null) =>
        new(DiagnosticSeverity.Error, code, message, id, port, setting);
}
