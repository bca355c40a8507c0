using System.ComponentModel.DataAnnotations;

namespace Percepti.Core.Data;

/// <summary>Random changes to training images, drawn from the loader's seed; never applied to validation or test rows.</summary>
public sealed record Augmentation
{
    /// <summary>Mirror left-right with probability one half.</summary>
    public bool FlipHorizontal { get; init; }

    /// <summary>Rotate by a random angle in ±this many degrees (nearest neighbour, zero fill).</summary>
    [Range(0, 180)]
    public double MaxRotationDegrees { get; init; }

    /// <summary>Pad by this many zero pixels on each side, then crop back to the original size at a random offset.</summary>
    [Range(0, 1_024)]
    public int CropPadding { get; init; }

    /// <summary>Whether anything would change.</summary>
    public bool IsActive => FlipHorizontal || MaxRotationDegrees > 0 || CropPadding > 0;
}
