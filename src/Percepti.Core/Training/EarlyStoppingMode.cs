namespace Percepti.Core.Training;

/// <summary>Which way the metric early stopping watches should move.</summary>
public enum EarlyStoppingMode
{
    /// <summary>Higher is better for accuracies (a metric whose name contains "accuracy"), lower for anything else (losses, errors).</summary>
    Auto,

    /// <summary>Lower is better (a loss, an error).</summary>
    Minimize,

    /// <summary>Higher is better (an accuracy, R²).</summary>
    Maximize,
}
