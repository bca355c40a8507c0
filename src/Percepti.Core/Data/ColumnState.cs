using Percepti.Core.Graph;

namespace Percepti.Core.Data;

/// <summary>
/// The fitted preprocessing of one column: what comes in, what goes out, and the statistics
/// learned from the training split (y = (x - offset) × scale per channel).
/// </summary>
/// <param name="Name">The column.</param>
/// <param name="Kind">The column's kind.</param>
/// <param name="Role">Input or target.</param>
/// <param name="InputShape">The raw per-row shape.</param>
/// <param name="OutputShape">The per-row shape delivered to the model.</param>
/// <param name="Settings">The preprocessing asked for.</param>
/// <param name="Offset">Per channel (or one value): subtracted.</param>
/// <param name="Scale">Per channel (or one value): multiplied after subtracting.</param>
/// <param name="ClassNames">For categorical and binary columns: the class names.</param>
/// <param name="IsImage">Whether the column is an image.</param>
public sealed record ColumnState(
    string Name,
    ColumnKind Kind,
    ColumnRole Role,
    TensorShape InputShape,
    TensorShape OutputShape,
    ColumnPreprocessing Settings,
    IReadOnlyList<double> Offset,
    IReadOnlyList<double> Scale,
    IReadOnlyList<string> ClassNames,
    bool IsImage);
