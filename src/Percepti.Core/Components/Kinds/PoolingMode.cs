namespace Percepti.Core.Components.Kinds;

/// <summary>What a pooling window computes.</summary>
public enum PoolingMode
{
    /// <summary>The largest value.</summary>
    Max,

    /// <summary>The mean value.</summary>
    Average,
}
