using System.Globalization;
using System.Text;

namespace Percepti.Core.Graph;

/// <summary>A Keras-like summary of a graph: one row per component and the parameter totals.</summary>
public sealed class GraphSummary
{
    private GraphSummary(string name, IReadOnlyList<SummaryRow> rows, long total, long trainable, IReadOnlyList<GraphDiagnostic> errors)
    {
        Name = name;
        Rows = rows;
        TotalParameters = total;
        TrainableParameters = trainable;
        Errors = errors;
    }

    /// <summary>The graph's name.</summary>
    public string Name { get; }

    /// <summary>One row per node, in topological order.</summary>
    public IReadOnlyList<SummaryRow> Rows { get; }

    /// <summary>All parameters of the model.</summary>
    public long TotalParameters { get; }

    /// <summary>The parameters training updates.</summary>
    public long TrainableParameters { get; }

    /// <summary>Parameters training does not update.</summary>
    public long NonTrainableParameters => TotalParameters - TrainableParameters;

    /// <summary>The graph's errors; rows after an error show no shape.</summary>
    public IReadOnlyList<GraphDiagnostic> Errors { get; }

    /// <summary>The summary as a fixed-width table.</summary>
    /// <returns>The table.</returns>
    public override string ToString()
    {
        string[] headers = ["Component (id)", "Kind", "Output shape", "Params", "Inputs"];
        var cells = Rows.Select(r => new[]
        {
            r.Label == r.NodeId.Value ? r.Label : $"{r.Label} ({r.NodeId})",
            r.Kind,
            r.OutputShape?.ToString() ?? "?",
            r.Parameters.ToString("N0", CultureInfo.InvariantCulture),
            r.Inputs.Count == 0 ? "-" : string.Join(", ", r.Inputs),
        }).ToList();
        int[] widths = [.. Enumerable.Range(0, headers.Length).Select(c => cells.Select(row => row[c].Length).Append(headers[c].Length).Max())];
        int total = widths.Sum() + (3 * (widths.Length - 1));

        var text = new StringBuilder();
        text.Append("Model: \"").Append(Name).Append('"').AppendLine();
        text.AppendLine(new string('━', total));
        AppendRow(text, headers, widths);
        text.AppendLine(new string('━', total));
        foreach (var row in cells)
        {
            AppendRow(text, row, widths);
        }

        text.AppendLine(new string('━', total));
        text.Append("Total params: ").AppendLine(TotalParameters.ToString("N0", CultureInfo.InvariantCulture));
        text.Append("Trainable params: ").AppendLine(TrainableParameters.ToString("N0", CultureInfo.InvariantCulture));
        text.Append("Non-trainable params: ").AppendLine(NonTrainableParameters.ToString("N0", CultureInfo.InvariantCulture));
        foreach (var error in Errors)
        {
            text.AppendLine(error.ToString());
        }

        return text.ToString();
    }

    internal static GraphSummary Create(ModelGraph graph)
    {
        var analysis = graph.Analyze();
        var rows = new List<SummaryRow>();
        var order = analysis.TopologicalOrder.Concat(graph.Nodes.Select(n => n.Id).Except(analysis.TopologicalOrder));
        foreach (var id in order)
        {
            var node = graph[id];
            var info = analysis.Nodes[id];
            var ports = info.Kind?.GetInputPorts(node.Settings).Select(p => p.Name).ToList() ?? [];
            var inputs = graph.InputsOf(id)
                .OrderBy(c => ports.IndexOf(c.To.Port) is var i and >= 0 ? i : int.MaxValue)
                .Select(c => graph.TryGetNode(c.From.Node, out var from) ? from.Label : c.From.Node.Value)
                .ToList();
            rows.Add(new SummaryRow(id, node.Label, node.Kind, info.OutputShape, info.ParameterCount, inputs));
        }

        long total = rows.Sum(r => r.Parameters);
        return new GraphSummary(graph.Name, rows, total, total, [.. analysis.Errors]);
    }

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths)
    {
        for (int c = 0; c < cells.Length; c++)
        {
            bool numeric = c == 3;
            string cell = numeric ? cells[c].PadLeft(widths[c]) : cells[c].PadRight(widths[c]);
            text.Append(c == cells.Length - 1 ? cell.TrimEnd() : cell + "   ");
        }

        text.AppendLine();
    }
}
