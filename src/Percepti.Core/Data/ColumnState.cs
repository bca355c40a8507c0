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
/// <param name="Offset">Per channel for images, per feature for vectors, or one value: subtracted.</param>
/// <param name="Scale">Like <paramref name="Offset"/>: multiplied after subtracting (never 0).</param>
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
    bool IsImage)
{
    /// <summary>For a feature vector: the columns it packs, in order (see <see cref="Dataset.ToFeatureVector"/>); empty otherwise.</summary>
    public IReadOnlyList<FeatureSource> Features { get; init; } = [];

    /// <summary>A class column delivered as one class index per row (not one-hot): batches hold it as int64.</summary>
    internal bool IsClassIndex => Kind is ColumnKind.Categorical or ColumnKind.Binary && ClassNames.Count > 0 && !Settings.OneHot;

    /// <summary>For a feature vector: one name per value; empty otherwise.</summary>
    public IReadOnlyList<string> FeatureNames => [.. Features.SelectMany(f => f.FeatureNames)];

    /// <summary>
    /// Turns preprocessed values back into the column's units (undoes the normalization), e.g. a regression
    /// model's standardized prediction into the target's original units. Values pass through unchanged when
    /// the column is not normalized.
    /// </summary>
    /// <param name="preprocessed">Values of one or more rows, <see cref="OutputShape"/> each, row after row.</param>
    /// <returns>The values in original units.</returns>
    public float[] ToOriginalUnits(ReadOnlySpan<float> preprocessed)
    {
        var result = preprocessed.ToArray();
        if (Offset.Count == 0)
        {
            return result;
        }

        int width = checked((int)Math.Max(OutputShape.ElementCount, 1));
        for (int i = 0; i < result.Length; i++)
        {
            int g = Preprocessor.GroupOf(this, i % width, width);
            result[i] = (float)((result[i] / Scale[g]) + Offset[g]);
        }

        return result;
    }
}
