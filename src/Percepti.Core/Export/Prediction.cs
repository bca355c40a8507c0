namespace Percepti.Core.Export;

/// <summary>The model's answer for one row.</summary>
public sealed record Prediction
{
    /// <summary>Classification: every class with its probability, in class order (empty for regression).</summary>
    public IReadOnlyList<ClassProbability> Probabilities { get; init; } = [];

    /// <summary>Regression: the predicted values; classification: the raw class scores (logits).</summary>
    public IReadOnlyList<float> Values { get; init; } = [];

    /// <summary>Classification: the most probable class, or null for regression.</summary>
    public ClassProbability? Top => Probabilities.Count == 0 ? null : Probabilities.MaxBy(p => p.Probability);

    /// <summary>Classification: the <paramref name="k"/> most probable classes, most probable first.</summary>
    /// <param name="k">How many.</param>
    /// <returns>The classes.</returns>
    public IReadOnlyList<ClassProbability> TopK(int k) => [.. Probabilities.OrderByDescending(p => p.Probability).ThenBy(p => p.Index).Take(k)];
}
