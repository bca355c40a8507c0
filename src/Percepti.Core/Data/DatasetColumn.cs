using Percepti.Core.Graph;

namespace Percepti.Core.Data;

/// <summary>One named column of a dataset.</summary>
/// <param name="Name">The column's name; Input and Target components with this id receive it.</param>
/// <param name="Kind">What the column holds.</param>
/// <param name="Shape">The per-row shape of its values (scalar for numeric, categorical and binary columns).</param>
/// <param name="Role">Input, target or unused.</param>
public sealed record DatasetColumn(string Name, ColumnKind Kind, TensorShape Shape, ColumnRole Role)
{
    private readonly string? _label;

    /// <summary>For categorical and binary columns: the class names, by index.</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = [];

    /// <summary>Whether a tensor column is an image (C×H×W, values in [0, 1]).</summary>
    public bool IsImage { get; init; }

    /// <summary>
    /// The name a person knows the column by, as the file spells it (e.g. <c>od280/od315</c>), when
    /// <see cref="Name"/> had to be changed into a valid node id; otherwise the name itself. Reports and
    /// feature names show it, and <see cref="DatasetSchema.IndexOf"/> finds the column by it too.
    /// </summary>
    public string Label
    {
        get => _label ?? Name;
        init => _label = value;
    }

    /// <summary>
    /// For a feature vector made by <see cref="Dataset.ToFeatureVector"/>: the columns it packs, in order
    /// (empty for any other column).
    /// </summary>
    public IReadOnlyList<FeatureSource> Features { get; init; } = [];

    /// <summary>For a feature vector: one name per value (<c>alcohol</c>, <c>color=red</c>, …); empty otherwise.</summary>
    public IReadOnlyList<string> FeatureNames => [.. Features.SelectMany(f => f.FeatureNames)];

    /// <summary>Whether rows of this column can be batched as numbers.</summary>
    public bool IsNumeric => Kind != ColumnKind.Text;

    /// <summary>
    /// The per-row shape the model receives before preprocessing changes it: <see cref="Shape"/>, except that
    /// a numeric scalar column is delivered as a vector of one value, <c>(1,)</c>, so that
    /// <c>g.Input("x", TensorShape.Of(1))</c> and <c>g.Target("y", TensorShape.Of(1))</c> bind to it. Class
    /// columns stay scalar class indices.
    /// </summary>
    public TensorShape ModelShape => Kind == ColumnKind.Numeric && Shape.Rank == 0 ? TensorShape.Of(1) : Shape;
}
