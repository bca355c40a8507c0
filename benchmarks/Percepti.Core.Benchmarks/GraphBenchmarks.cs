using BenchmarkDotNet.Attributes;
using Percepti.Core.Components;
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
        _graph = ModelGraph.Create("fashion-cnn", g =>
        {
            var image = g.Input("image", TensorShape.Of(1, 28, 28));
            var label = g.Target("label", classes: 10);
            var logits = image
                .Conv2D(32, kernel: 3, activation: Activation.ReLU)
                .MaxPool2D(2)
                .Conv2D(64, 3, Activation.ReLU)
                .MaxPool2D(2)
                .Conv2D(64, 3, Activation.ReLU)
                .Flatten()
                .Dense(64, Activation.ReLU)
                .Dense(10);
            g.Classification(logits, label);
        });
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
