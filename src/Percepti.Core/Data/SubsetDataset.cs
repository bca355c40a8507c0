namespace Percepti.Core.Data;

/// <summary>Some rows of another dataset, in a given order.</summary>
internal sealed class SubsetDataset(Dataset parent, int[] rows) : Dataset
{
    public Dataset Parent { get; } = parent;

    public IReadOnlyList<int> Rows => rows;

    public override DatasetSchema Schema => Parent.Schema;

    public override int Count => rows.Length;

    public override string Source => $"{rows.Length} rows of {Parent.Source}";

    public override void Read(int row, int column, Span<float> destination)
    {
        CheckRow(row);
        Parent.Read(rows[row], column, destination);
    }

    public override string ReadText(int row, int column)
    {
        CheckRow(row);
        return Parent.ReadText(rows[row], column);
    }
}
