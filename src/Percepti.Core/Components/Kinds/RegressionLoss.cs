namespace Percepti.Core.Components.Kinds;

/// <summary>The loss a Regression head minimizes.</summary>
public enum RegressionLoss
{
    /// <summary>Mean squared error.</summary>
    MeanSquaredError,

    /// <summary>Mean absolute error.</summary>
    MeanAbsoluteError,

    /// <summary>Huber (smooth L1) loss with the given delta.</summary>
    Huber,
}
