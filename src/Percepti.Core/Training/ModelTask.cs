namespace Percepti.Core.Training;

/// <summary>What a model learns to do with its target.</summary>
public enum ModelTask
{
    /// <summary>Predict a class (the target is categorical or binary).</summary>
    Classification,

    /// <summary>Predict values (the target is numeric).</summary>
    Regression,
}
