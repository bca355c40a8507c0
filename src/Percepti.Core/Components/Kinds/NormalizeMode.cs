namespace Percepti.Core.Components.Kinds;

/// <summary>How Normalize rescales each sample.</summary>
public enum NormalizeMode
{
    /// <summary>Zero mean and unit standard deviation over the sample.</summary>
    Standardize,

    /// <summary>Linearly to [0, 1] from the sample's minimum and maximum.</summary>
    MinMax,

    /// <summary>(x - mean) / std with fixed values from the settings.</summary>
    Fixed,
}
