namespace Percepti.Core.Components.Kinds;

/// <summary>Settings of a Regression head.</summary>
/// <param name="Loss">The loss minimized.</param>
/// <param name="Delta">For Huber loss: where it turns from quadratic to linear.</param>
public sealed record RegressionSettings(RegressionLoss Loss, double Delta) : ComponentSettings;
