namespace Percepti.Core.Data;

/// <summary>
/// One column packed into a feature vector by <see cref="Dataset.ToFeatureVector"/>: a numeric column gives
/// one value, a binary column its class index (0 or 1), a categorical column one-hot values, one per category.
/// </summary>
/// <param name="Column">The packed column's name (its <see cref="DatasetColumn.Label"/> is kept in <paramref name="Label"/>).</param>
/// <param name="Label">The name the user knows the column by.</param>
/// <param name="Kind">Numeric, Binary or Categorical.</param>
/// <param name="Categories">For binary and categorical columns: the class names, by index; empty for numeric.</param>
public sealed record FeatureSource(string Column, string Label, ColumnKind Kind, IReadOnlyList<string> Categories)
{
    /// <summary>How many values of the vector this column fills.</summary>
    public int Width => Kind == ColumnKind.Categorical ? Categories.Count : 1;

    /// <summary>The names of those values: the label, or <c>label=category</c> for each one-hot value.</summary>
    public IEnumerable<string> FeatureNames => Kind == ColumnKind.Categorical ? Categories.Select(c => $"{Label}={c}") : [Label];
}
