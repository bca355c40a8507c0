using BenchmarkDotNet.Attributes;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Graph;

namespace Percepti.Core.Benchmarks;

/// <summary>
/// What a UI pays per edit on the graph layer, for the seed CNN: apply a settings edit and
/// re-analyze (shapes, parameters, diagnostics), against the JSON round trip used for save/load.
/// </summary>
[MemoryDiagnoser]
public class GraphBenchmarks
{
    private ModelGraph _graph = null!;
    private string _json = string.Empty;
    private int _filters = 32;

    [GlobalSetup]
    public void Setup()
    {
        _graph = Tests.SeedGraphs.FashionCnn();
        _json = GraphJson.Serialize(_graph);
    }

    [Benchmark(Baseline = true, Description = "edit + analyze")]
    public GraphAnalysis EditAndAnalyze()
    {
        _filters = _filters == 32 ? 16 : 32;
        return _graph.UpdateSettings<ConvolutionSettings>("conv2d_2", s => s with { Filters = _filters }).Analyze();
    }

    [Benchmark(Description = "serialize JSON")]
    public string Serialize() => GraphJson.Serialize(_graph);

    [Benchmark(Description = "deserialize JSON")]
    public ModelGraph Deserialize() => GraphJson.Deserialize(_json);
}
