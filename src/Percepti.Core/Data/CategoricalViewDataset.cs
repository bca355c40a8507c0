namespace Percepti.Core.Data;

/// <summary>A dataset whose numeric column of whole numbers reads as classes in numeric order (see <see cref="Dataset.AsCategorical"/>).</summary>
internal sealed class CategoricalViewDataset(Dataset parent, DatasetSchema schema, int classColumn, float[] classes) : SchemaViewDataset(parent, schema)
{
    public static Dataset Create(Dataset parent, string column, int maxClasses)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(column);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxClasses, 2);
        int index = parent.Schema.IndexOf(column);
        var definition = parent.Schema.Columns[index];
        if (definition.Kind is ColumnKind.Categorical or ColumnKind.Binary)
        {
            return parent;
        }

        if (definition.Kind != ColumnKind.Numeric || definition.Shape.Rank != 0)
        {
            throw new DatasetException($"Column '{definition.Label}' of {parent.Source} is {definition.Kind} of shape {definition.Shape}; only a numeric column of whole numbers can be read as classes.");
        }

        var labels = new float[parent.Count];
        for (int row = 0; row < parent.Count; row++)
        {
            parent.Read(row, index, labels.AsSpan(row, 1));
        }

        var names = ClassLabels.ToClassIndices(labels, maxClasses, (row, problem) => new DatasetException($"Column '{definition.Label}' of {parent.Source}, row {row}: {problem}; only whole numbers can be read as classes (or raise maxClasses)."));
        var kind = names.Count == 2 ? ColumnKind.Binary : ColumnKind.Categorical;
        var schema = new DatasetSchema([.. parent.Schema.Columns.Select((c, i) => i == index ? c with { Kind = kind, ClassNames = names } : c)]);
        return new CategoricalViewDataset(parent, schema, index, labels);
    }

    public override void Read(int row, int column, Span<float> destination)
    {
        if (column == classColumn)
        {
            CheckRow(row);
            destination[0] = classes[row];
            return;
        }

        base.Read(row, column, destination);
    }
}
