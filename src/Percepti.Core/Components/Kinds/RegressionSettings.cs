using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Settings of a Regression head.</summary>
/// <param name="Loss">The loss minimized.</param>
/// <param name="Delta">For Huber loss: where it turns from quadratic to linear.</param>
public sealed record RegressionSettings(RegressionLoss Loss, double Delta) : ComponentSettings
{
    /// <summary>The head's port that takes the predicted values.</summary>
    public const string PredictionPort = "prediction";

    /// <summary>The head's port that takes the target values.</summary>
    public const string TargetPort = "target";
}
