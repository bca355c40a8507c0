namespace Percepti.Core.Data;

/// <summary>How a column's values are rescaled, with statistics from the training split only.</summary>
public enum NormalizationMode
{
    /// <summary>Values are left as they are.</summary>
    None,

    /// <summary>(x - mean) / std: per channel for images, per feature for vectors (rank 1), over the whole column otherwise.</summary>
    Standardize,

    /// <summary>(x - min) / (max - min): per channel for images, per feature for vectors (rank 1), over the whole column otherwise.</summary>
    MinMax,
}
