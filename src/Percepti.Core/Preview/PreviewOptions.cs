using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Percepti.Core.Preview;

/// <summary>Settings of a <see cref="PreviewEngine"/>.</summary>
public sealed record PreviewOptions
{
    /// <summary>The base seed; each component's weights come from a seed derived from it and the component's id.</summary>
    public long Seed { get; init; }

    /// <summary>
    /// The most bytes of outputs kept from earlier versions (what makes undo/redo instant); 0 keeps only
    /// the current version, which is always kept. Eviction only costs recomputation.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long CacheBudgetBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>The most built modules kept (their weights are reused while a component's settings and input shapes stay the same).</summary>
    [Range(1, 100_000)]
    public int MaxCachedModules { get; init; } = 512;

    /// <summary>The most values in one preview visual.</summary>
    [Range(16, 1_048_576)]
    public int MaxVisualPoints { get; init; } = 4096;

    /// <summary>The most feature maps shown for a C×H×W output.</summary>
    [Range(1, 1024)]
    public int MaxFeatureMaps { get; init; } = 16;

    /// <summary>Where previews run: the CPU by default, so previews never compete with GPU training.</summary>
    public Backends.IComputeBackend Backend { get; init; } = Backends.ComputeBackend.Cpu;

    /// <summary>The resource limits a previewed graph must stay within; a component beyond them shows the error instead of running.</summary>
    public Graph.GraphLimits Limits { get; init; } = Graph.GraphLimits.Default;

    /// <summary>Where the engine logs (subscriber failures, unexpected errors).</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;
}
