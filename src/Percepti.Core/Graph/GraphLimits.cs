using System.ComponentModel.DataAnnotations;

namespace Percepti.Core.Graph;

/// <summary>
/// Resource limits a valid graph must stay within, checked by analysis from shapes and parameter counts
/// (no tensor is allocated) and reported as <see cref="GraphDiagnosticCodes.ResourceLimit"/> errors on the
/// component at fault, so a small document cannot make compilation, previews or training allocate many GB.
/// </summary>
public sealed record GraphLimits
{
    /// <summary>The limits used unless others are given: 250 million parameters, 64 MiB per component output and 1 GiB of outputs per sample.</summary>
    public static GraphLimits Default { get; } = new();

    /// <summary>The most trainable parameters a graph may have (float32: 4 bytes each).</summary>
    [Range(1, long.MaxValue)]
    public long MaxParameters { get; init; } = 250_000_000;

    /// <summary>The most bytes one component's output may take for one sample (float32).</summary>
    [Range(1, long.MaxValue)]
    public long MaxOutputBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The most bytes all components' outputs may take together for one sample (what a preview holds).</summary>
    [Range(1, long.MaxValue)]
    public long MaxSampleBytes { get; init; } = 1L << 30;
}
