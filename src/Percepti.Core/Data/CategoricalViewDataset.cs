using System.Globalization;

namespace Percepti.Core.Data;

/// <summary>A dataset whose numeric column of whole numbers reads as classes in numeric order (see <see cref="Dataset.AsCategorical"/>).</summary>
internal sealed class CategoricalViewDataset : Dataset
{
    private readonly Dataset _parent;
    private readonly int _column;
    private readonly Dictionary<float, int> _classOf;

    private CategoricalViewDataset(Dataset parent, DatasetSchema schema, int column, Dictionary<float, int> classOf)
    {
        _parent = parent;
        Schema = schema;
        _column = column;
        _classOf = classOf;
    }

    public override DatasetSchema Schema { get; }

    public override int Count => _parent.Count;

    public override string Source => _parent.Source;

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
            throw new DataException($"Column '{definition.Label}' of {parent.Source} is {definition.Kind} of shape {definition.Shape}; only a numeric column of whole numbers can be read as classes.");
        }

        var values = new SortedSet<float>();
        Span<float> value = stackalloc float[1];
        for (int row = 0; row < parent.Count; row++)
        {
            parent.Read(row, index, value);
            if (!float.IsFinite(value[0]) || value[0] != MathF.Round(value[0]))
            {
                throw new DataException($"Column '{definition.Label}' of {parent.Source} has {value[0].ToString(CultureInfo.InvariantCulture)} in row {row}; only whole numbers can be read as classes.");
            }

            if (values.Add(value[0]) && values.Count > maxClasses)
            {
                throw new DataException($"Column '{definition.Label}' of {parent.Source} has more than {maxClasses} distinct values; that is not a class column (or raise maxClasses).");
            }
        }

        var names = values.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToList();
        var classOf = values.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i);
        var kind = values.Count == 2 ? ColumnKind.Binary : ColumnKind.Categorical;
        var schema = new DatasetSchema([.. parent.Schema.Columns.Select((c, i) => i == index ? c with { Kind = kind, ClassNames = names } : c)]);
        return new CategoricalViewDataset(parent, schema, index, classOf);
    }

    public override void Read(int row, int column, Span<float> destination)
    {
        _parent.Read(row, column, destination);
        if (column == _column)
        {
            destination[0] = _classOf[destination[0]];
        }
    }

    public override string ReadText(int row, int column) => _parent.ReadText(row, column);
}
