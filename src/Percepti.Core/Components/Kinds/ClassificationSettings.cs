using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Settings of a Classification head (softmax cross-entropy).</summary>
/// <param name="LabelSmoothing">Fraction of the target mass spread evenly over all classes.</param>
public sealed record ClassificationSettings(double LabelSmoothing) : ComponentSettings
{
    /// <summary>The head's port that takes the class scores.</summary>
    public const string LogitsPort = "logits";

    /// <summary>The head's port that takes the target classes.</summary>
    public const string TargetPort = "target";

    /// <summary>A weight per class (e.g. to counter imbalance), or empty for equal weights.</summary>
    public NumberList ClassWeights { get; init; } = NumberList.Empty;
}
