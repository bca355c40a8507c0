namespace Percepti.Core.Data;

/// <summary>Columns held as float arrays, rows back to back.</summary>
internal sealed class InMemoryDataset : Dataset
{
    private readonly float[][] _values;
    private readonly int[] _sizes;
    private readonly string _source;

    public InMemoryDataset(string source, IReadOnlyList<(DatasetColumn Column, float[] Values)> columns)
    {
        if (columns.Count == 0)
        {
            throw new DatasetException($"{source}: a dataset needs at least one column.");
        }

        _source = source;
        Schema = new DatasetSchema([.. columns.Select(c => c.Column)]);
        _values = [.. columns.Select(c => c.Values)];
        _sizes = [.. columns.Select(c => checked((int)c.Column.Shape.ElementCount))];
        int? count = null;
        for (int i = 0; i < columns.Count; i++)
        {
            if (!columns[i].Column.IsNumeric)
            {
                throw new DatasetException($"{source}: column '{columns[i].Column.Name}' is text; in-memory datasets hold numbers only.");
            }

            if (columns[i].Values.Length % _sizes[i] != 0)
            {
                throw new DatasetException($"{source}: column '{columns[i].Column.Name}' has {columns[i].Values.Length} values, not a multiple of its shape {columns[i].Column.Shape} ({_sizes[i]} per row).");
            }

            int rows = columns[i].Values.Length / _sizes[i];
            if (count is { } expected && expected != rows)
            {
                throw new DatasetException($"{source}: column '{columns[i].Column.Name}' has {rows} rows but '{columns[0].Column.Name}' has {expected}.");
            }

            count = rows;
        }

        Count = count ?? 0;
    }

    public override DatasetSchema Schema { get; }

    public override int Count { get; }

    public override string Source => _source;

    public override void Read(int row, int column, Span<float> destination)
    {
        CheckRow(row);
        int size = _sizes[column];
        _values[column].AsSpan(row * size, size).CopyTo(destination);
    }
}
