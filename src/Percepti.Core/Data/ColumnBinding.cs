using Percepti.Core.Components.Kinds;
using Percepti.Core.Graph;

namespace Percepti.Core.Data;

/// <summary>
/// The one check that a graph's Input and Target components fit the columns that feed them, after
/// preprocessing. Training, evaluation, previews of data rows and predictors all call it before any work,
/// so a mismatch is an error naming the component, the column and both shapes, never a broadcast loss.
/// </summary>
internal static class ColumnBinding
{
    /// <summary>Throws <see cref="ColumnBindingException"/> when any Input or Target does not fit its column.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="delivered">The columns as delivered to the model (fitted or planned preprocessing).</param>
    /// <param name="schema">The dataset's schema, to explain columns that exist but are unused; or null.</param>
    /// <param name="source">Where the data comes from, for the message.</param>
    public static void Check(ModelGraph graph, IReadOnlyList<ColumnState> delivered, DatasetSchema? schema, string source)
    {
        var problems = Find(graph, delivered, schema);
        if (problems.Count > 0)
        {
            string list = string.Join(" ", problems.Select(p => p.Message));
            throw new ColumnBindingException($"Graph '{graph.Name}' does not fit the data in {source}: {list}", problems);
        }
    }

    /// <summary>Throws when a dataset lacks a column the preprocessing reads, or has it in another shape.</summary>
    /// <param name="graph">The graph, to name the component a column feeds.</param>
    /// <param name="preprocessing">The fitted preprocessing.</param>
    /// <param name="dataset">The rows to read.</param>
    public static void CheckDataset(ModelGraph graph, IReadOnlyList<ColumnState> preprocessing, Dataset dataset)
    {
        var problems = new List<ColumnBindingProblem>();
        foreach (var state in preprocessing)
        {
            var node = graph.Nodes.FirstOrDefault(n => n.Id.Value == state.Name && n.Settings is InputSettings or TargetSettings);
            if (node is null)
            {
                continue;
            }

            if (!dataset.Schema.TryIndexOf(state.Name, out int index))
            {
                problems.Add(new ColumnBindingProblem(node.Id, null, state.InputShape, null, $"{Describe(node)} needs column '{state.Name}', which {dataset.Source} does not have (it has {Names(dataset.Schema)})."));
            }
            else if (dataset.Schema.Columns[index].Shape != state.InputShape)
            {
                var actual = dataset.Schema.Columns[index].Shape;
                problems.Add(new ColumnBindingProblem(node.Id, state.Name, state.InputShape, actual, $"{Describe(node)} reads column '{state.Name}' as {state.InputShape} (the shape the model was trained on), but {dataset.Source} has it as {actual}."));
            }
        }

        if (problems.Count > 0)
        {
            throw new ColumnBindingException($"{dataset.Source} does not fit graph '{graph.Name}': {string.Join(" ", problems.Select(p => p.Message))}", problems);
        }
    }

    private static List<ColumnBindingProblem> Find(ModelGraph graph, IReadOnlyList<ColumnState> delivered, DatasetSchema? schema)
    {
        var problems = new List<ColumnBindingProblem>();
        var byName = delivered.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var node in graph.Nodes)
        {
            TensorShape expected;
            switch (node.Settings)
            {
                case InputSettings input:
                    expected = input.Shape;
                    break;
                case TargetSettings target:
                    expected = target.Classes > 0 ? TensorShape.Of(target.Classes) : target.Shape;
                    break;
                default:
                    continue;
            }

            if (!byName.TryGetValue(node.Id.Value, out var column))
            {
                problems.Add(new ColumnBindingProblem(node.Id, null, expected, null, Missing(node, delivered, schema)));
                continue;
            }

            string? problem = node.Settings switch
            {
                TargetSettings { Classes: > 0 } target => CheckClasses(node, target, column),
                _ when column.OutputShape != expected => $"{Describe(node)} expects {expected}, but column '{column.Name}' delivers {column.OutputShape} after preprocessing{ShapeHint(column, expected)}.",
                _ => null,
            };
            if (problem is not null)
            {
                problems.Add(new ColumnBindingProblem(node.Id, column.Name, expected, column.OutputShape, problem));
            }
        }

        return problems;
    }

    private static string? CheckClasses(GraphNode node, TargetSettings target, ColumnState column)
    {
        if (column.Kind is not (ColumnKind.Categorical or ColumnKind.Binary))
        {
            return $"{Describe(node)} expects {target.Classes} classes, but column '{column.Name}' is {column.Kind}: "
                + $"make it categorical with dataset.AsCategorical(\"{column.Name}\") (or CsvOptions.ColumnKinds[\"{column.Name}\"] = ColumnKind.Categorical), "
                + "or use a regression Target (classes: 0).";
        }

        if (column.ClassNames.Count != target.Classes)
        {
            return $"{Describe(node)} expects {target.Classes} classes, but column '{column.Name}' has {column.ClassNames.Count} ({string.Join(", ", column.ClassNames.Take(12))}).";
        }

        // Class indices (a scalar per row) or one-hot rows both reach a classification head.
        return column.OutputShape.Rank == 0 || column.OutputShape == TensorShape.Of(target.Classes)
            ? null
            : $"{Describe(node)} expects class indices or {TensorShape.Of(target.Classes)} one-hot rows, but column '{column.Name}' delivers {column.OutputShape}.";
    }

    private static string Missing(GraphNode node, IReadOnlyList<ColumnState> delivered, DatasetSchema? schema)
    {
        string available = string.Join(", ", delivered.Select(c => c.Name));
        if (schema is not null && schema.TryIndexOf(node.Id.Value, out int index))
        {
            var column = schema.Columns[index];
            return column.Role == ColumnRole.Unused
                ? $"{Describe(node)} binds to column '{column.Name}', which is marked Unused; give it a role with dataset.WithRole(\"{column.Name}\", ColumnRole.{(node.Settings is TargetSettings ? "Target" : "Input")})."
                : $"{Describe(node)} binds to column '{column.Name}', which is {column.Kind} and cannot be fed to a model.";
        }

        return $"{Describe(node)} has no dataset column of that name; the data has {(available.Length == 0 ? "no input or target columns" : available)}.";
    }

    private static string ShapeHint(ColumnState column, TensorShape expected)
    {
        if (column.OutputShape.Rank == 0 && expected == TensorShape.Of(1))
        {
            return $" (a {column.Kind} column delivers class indices; one-hot encode it with ColumnPreprocessing.OneHot, or use it as a classification Target)";
        }

        return column.Features.Count > 0 && expected.Rank == 1
            ? $" ({column.OutputShape[0]} features: {string.Join(", ", column.FeatureNames.Take(8))}{(column.FeatureNames.Count > 8 ? ", …" : string.Empty)})"
            : string.Empty;
    }

    private static string Describe(GraphNode node) => $"{(node.Settings is TargetSettings ? "Target" : "Input")} '{node.Id}'";

    private static string Names(DatasetSchema schema) => string.Join(", ", schema.Columns.Select(c => c.Name));
}
