using BenchmarkDotNet.Attributes;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Graph;
using Percepti.Core.Preview;

namespace Percepti.Core.Benchmarks;

/// <summary>
/// Edit-to-preview latency on the seed CNN: one setting changed deep in the model (conv2d_3: five
/// components rerun) against a change at the first layer (conv2d_1: every component after the
/// inputs reruns, the full recompute), and against a cold engine that builds everything.
/// The cache keeps only the current version, so toggling a setting never hits an old entry.
/// </summary>
[MemoryDiagnoser]
public class PreviewBenchmarks
{
    private GraphDocument _document = null!;
    private PreviewEngine _engine = null!;
    private PreviewSample _sample = null!;
    private bool _toggle;

    [GlobalSetup]
    public void Setup()
    {
        var graph = Tests.SeedGraphs.FashionCnn();
        _sample = PreviewSample.Random(graph);
        _document = new GraphDocument(graph);
        _engine = new PreviewEngine(_document, _sample, new PreviewOptions { CacheBudgetBytes = 0 });
        _engine.StabilizeAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        _document.Dispose();
    }

    [Benchmark(Baseline = true, Description = "edit first layer (full recompute)")]
    public PreviewSnapshot EditFirstLayer()
    {
        _toggle = !_toggle;
        bool toggle = _toggle;
        _document.UpdateSettings<ConvolutionSettings>("conv2d_1", s => s with { Filters = toggle ? 24 : 32 });
        return _engine.StabilizeAsync().GetAwaiter().GetResult();
    }

    [Benchmark(Description = "edit deep layer (incremental)")]
    public PreviewSnapshot EditDeepLayer()
    {
        _toggle = !_toggle;
        bool toggle = _toggle;
        _document.UpdateSettings<ConvolutionSettings>("conv2d_3", s => s with { Filters = toggle ? 48 : 64 });
        return _engine.StabilizeAsync().GetAwaiter().GetResult();
    }

    [Benchmark(Description = "cold engine (build everything)")]
    public PreviewSnapshot ColdEngine()
    {
        using var engine = new PreviewEngine(_document.Current, _sample);
        return engine.StabilizeAsync().GetAwaiter().GetResult();
    }
}
