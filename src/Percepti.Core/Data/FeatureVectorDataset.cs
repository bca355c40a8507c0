using Percepti.Core.Graph;

namespace Percepti.Core.Data;

/// <summary>A dataset with some of its table columns packed into one feature vector column (see <see cref="Dataset.ToFeatureVector"/>).</summary>
internal sealed class FeatureVectorDataset(Dataset parent, DatasetSchema schema, int[] sources, FeatureSource[] features) : SchemaViewDataset(parent, schema)
{
    public static FeatureVectorDataset Create(Dataset parent, string name, IReadOnlyList<string>? columns)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(name);
        if (NodeId.Check(name) is { } invalid)
        {
            throw new DatasetException($"The feature vector cannot be named '{name}': {invalid}.");
        }

        if (parent.Schema.Contains(name))
        {
            throw new DatasetException($"{parent.Source} already has a column '{name}'; name the feature vector differently.");
        }

        var schema = parent.Schema;
        List<int> chosen;
        if (columns is null)
        {
            chosen = [.. Enumerable.Range(0, schema.Columns.Count).Where(i => schema.Columns[i].Role == ColumnRole.Input && IsPackable(schema.Columns[i]))];
            if (chosen.Count == 0)
            {
                throw new DatasetException($"{parent.Source} has no numeric, binary or categorical input column to pack; it has {Describe(schema)}.");
            }
        }
        else
        {
            chosen = [];
            foreach (string column in columns)
            {
                int index = schema.IndexOf(column);
                var definition = schema.Columns[index];
                if (!IsPackable(definition))
                {
                    throw new DatasetException($"Column '{definition.Label}' of {parent.Source} is {definition.Kind} of shape {definition.Shape}; only scalar numeric, binary and categorical columns can be packed into a feature vector.");
                }

                if (definition.Role == ColumnRole.Target)
                {
                    throw new DatasetException($"Column '{definition.Label}' of {parent.Source} is a target; a model must not see its target among its features.");
                }

                if (chosen.Contains(index))
                {
                    throw new DatasetException($"Column '{definition.Label}' is named twice for the feature vector.");
                }

                chosen.Add(index);
            }

            if (chosen.Count == 0)
            {
                throw new DatasetException("A feature vector needs at least one column.");
            }
        }

        var features = chosen.Select(i => schema.Columns[i]).Select(c => new FeatureSource(c.Name, c.Label, c.Kind, c.Kind == ColumnKind.Numeric ? [] : c.ClassNames)).ToArray();
        int width = features.Sum(f => f.Width);
        var vector = new DatasetColumn(name, ColumnKind.Tensor, TensorShape.Of(width), ColumnRole.Input) { Features = features };
        var packed = new HashSet<int>(chosen);
        var definitions = schema.Columns.Select((c, i) => packed.Contains(i) ? c with { Role = ColumnRole.Unused } : c).Append(vector).ToList();
        return new FeatureVectorDataset(parent, new DatasetSchema(definitions), [.. chosen], features);
    }

    public override void Read(int row, int column, Span<float> destination)
    {
        if (column < Parent.Schema.Columns.Count)
        {
            base.Read(row, column, destination);
            return;
        }

        CheckRow(row);
        Span<float> value = stackalloc float[1];
        int position = 0;
        for (int f = 0; f < features.Length; f++)
        {
            Parent.Read(row, sources[f], value);
            var feature = features[f];
            if (feature.Kind == ColumnKind.Categorical)
            {
                var slots = destination.Slice(position, feature.Width);
                slots.Clear();
                if (!ClassLabels.IsClassIndex(value[0], slots.Length))
                {
                    throw new DatasetException($"Row {row} of {Source}, column '{feature.Label}': class index {value[0]} is outside 0 to {slots.Length - 1}.");
                }

                slots[(int)value[0]] = 1;
            }
            else
            {
                destination[position] = value[0];
            }

            position += feature.Width;
        }
    }

    public override string ReadText(int row, int column) =>
        column < Parent.Schema.Columns.Count ? base.ReadText(row, column) : throw new DatasetException($"Column '{Schema.Columns[column].Name}' of {Source} is not a text column.");

    private static bool IsPackable(DatasetColumn column) =>
        column.Shape.Rank == 0 && column.Kind is ColumnKind.Numeric or ColumnKind.Binary or ColumnKind.Categorical;

    private static string Describe(DatasetSchema schema) =>
        string.Join(", ", schema.Columns.Select(c => $"{c.Label} ({c.Kind}, {c.Role})"));
}
