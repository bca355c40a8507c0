using System.ComponentModel.DataAnnotations;

namespace Percepti.Core.Graph;

/// <summary>Spacing used by <see cref="GraphLayout"/>, in canvas units.</summary>
public sealed record LayoutOptions
{
    /// <summary>The width reserved for one node.</summary>
    [Range(1, 10_000)]
    public double NodeWidth { get; init; } = 180;

    /// <summary>The height reserved for one node.</summary>
    [Range(1, 10_000)]
    public double NodeHeight { get; init; } = 80;

    /// <summary>Horizontal space between layers.</summary>
    [Range(0, 10_000)]
    public double HorizontalGap { get; init; } = 60;

    /// <summary>Vertical space between nodes of one layer.</summary>
    [Range(0, 10_000)]
    public double VerticalGap { get; init; } = 40;
}
