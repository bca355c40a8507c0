namespace Percepti.Core.Data;

/// <summary>Another dataset's rows under a schema that differs only in roles.</summary>
internal sealed class SchemaViewDataset(Dataset parent, DatasetSchema schema) : Dataset
{
    public override DatasetSchema Schema { get; } = schema;

    public override int Count => parent.Count;

    public override string Source => parent.Source;

    public override void Read(int row, int column, Span<float> destination) => parent.Read(row, column, destination);

    public override string ReadText(int row, int column) => parent.ReadText(row, column);
}
