namespace Percepti.Core.Data;

/// <summary>
/// Another dataset's rows under another schema: as it stands, one that differs only in roles; derived views
/// also change what some columns read (classes of a numeric column, a packed feature vector).
/// </summary>
internal class SchemaViewDataset(Dataset parent, DatasetSchema schema) : Dataset
{
    public override DatasetSchema Schema { get; } = schema;

    public override int Count => Parent.Count;

    public override string Source => Parent.Source;

    /// <summary>The dataset whose rows this view shows.</summary>
    protected Dataset Parent { get; } = parent;

    public override void Read(int row, int column, Span<float> destination) => Parent.Read(row, column, destination);

    public override string ReadText(int row, int column) => Parent.ReadText(row, column);
}
