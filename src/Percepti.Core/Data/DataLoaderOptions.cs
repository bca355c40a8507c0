using System.ComponentModel.DataAnnotations;

namespace Percepti.Core.Data;

/// <summary>How a <see cref="DataLoader"/> forms batches.</summary>
public sealed record DataLoaderOptions
{
    /// <summary>Rows per batch.</summary>
    [Range(1, 1_000_000)]
    public int BatchSize { get; init; } = 32;

    /// <summary>Shuffle the rows every epoch (seeded by <see cref="Seed"/> and the epoch number).</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>The seed of shuffling and augmentation.</summary>
    public int Seed { get; init; }

    /// <summary>Drop a last batch smaller than <see cref="BatchSize"/> (kept by default).</summary>
    public bool DropLast { get; init; }

    /// <summary>How many batches a background thread prepares ahead; bounds memory use.</summary>
    [Range(1, 64)]
    public int PrefetchBatches { get; init; } = 2;

    /// <summary>Random changes to image columns (training loaders only), or null for none.</summary>
    public Augmentation? Augmentation { get; init; }
}
