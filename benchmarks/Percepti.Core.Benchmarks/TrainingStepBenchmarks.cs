using BenchmarkDotNet.Attributes;
using Percepti.Core.Components;
using Percepti.Core.Graph;
using Percepti.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Percepti.Core.Benchmarks;

/// <summary>
/// The graph's overhead on a training step: the same architecture compiled from the component graph
/// against hand-written as a TorchSharp Sequential (forward, cross-entropy, backward, Adam step).
/// Targets: seed CNN ratio ≤ 1.05; small MLP (batch 32, where overhead shows most) ≤ 1.10.
/// Both start from the same weights: with different initial weights the two runs drift apart (e.g. in
/// how many ReLU units die), and that changes the arithmetic, which is not what is being compared.
/// </summary>
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    private nn.Module<Tensor, Tensor> _sequential = null!;
    private GraphModule _graph = null!;
    private optim.Optimizer _sequentialOptimizer = null!;
    private optim.Optimizer _graphOptimizer = null!;
    private Tensor _images = null!;
    private Tensor _labels = null!;
    private Dictionary<string, Tensor> _values = null!;

    [Params("seed CNN, batch 64", "MLP, batch 32")]
    public string Model { get; set; } = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        bool cnn = Model.StartsWith("seed", StringComparison.Ordinal);
        int batch = cnn ? 64 : 32;
        manual_seed(1);
        _images = rand(batch, 1, 28, 28);
        _labels = randint(0, 10, [batch]);
        _sequential = cnn
            ? nn.Sequential(
                nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
                nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                nn.Conv2d(64, 64, 3), nn.ReLU(), nn.Flatten(),
                nn.Linear(576, 64), nn.ReLU(), nn.Linear(64, 10))
            : nn.Sequential(nn.Flatten(), nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 10));
        var graph = cnn
            ? Tests.SeedGraphs.FashionCnn()
            : ModelGraph.Create("mlp", g => g.Classification(g.Input("image", TensorShape.Of(1, 28, 28)).Flatten().Dense(64, Activation.ReLU).Dense(10), g.Target("label", classes: 10)));
        _graph = GraphModule.Compile(graph, seed: 1);
        using (no_grad())
        {
            foreach (var (mine, theirs) in _sequential.parameters().Zip(_graph.parameters()))
            {
                mine.copy_(theirs);
            }
        }

        _values = new Dictionary<string, Tensor> { ["image"] = _images, ["label"] = _labels };
        _sequentialOptimizer = optim.Adam(_sequential.parameters(), lr: 1e-3);
        _graphOptimizer = optim.Adam(_graph.parameters(), lr: 1e-3);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sequentialOptimizer.Dispose();
        _graphOptimizer.Dispose();
        _sequential.Dispose();
        _graph.Dispose();
        _images.Dispose();
        _labels.Dispose();
    }

    [Benchmark(Baseline = true, Description = "hand-written Sequential")]
    public float Sequential()
    {
        using var scope = NewDisposeScope();
        _sequentialOptimizer.zero_grad();
        var loss = nn.functional.cross_entropy(_sequential.call(_images), _labels);
        loss.backward();
        _sequentialOptimizer.step();
        return loss.item<float>();
    }

    [Benchmark(Description = "compiled from the graph")]
    public float Graph()
    {
        using var scope = NewDisposeScope();
        _graphOptimizer.zero_grad();
        // As the trainer runs a step: only the losses are kept; intermediates are freed when read.
        var loss = _graph.Loss(_graph.Run(_values, _graph.Heads));
        loss.backward();
        _graphOptimizer.step();
        return loss.item<float>();
    }

    /// <summary>
    /// The graph step without a dispose scope: the returned outputs and the loss are disposed by hand (every other
    /// intermediate is freed by <c>Run</c> or by libtorch itself), to measure what the trainer's per-step scope costs.
    /// </summary>
    /// <returns>The loss.</returns>
    public float GraphWithoutScope()
    {
        _graphOptimizer.zero_grad();
        var outputs = _graph.Run(_values, _graph.Heads);
        var loss = _graph.Loss(outputs);
        loss.backward();
        _graphOptimizer.step();
        float value = loss.item<float>();
        if (!outputs.Values.Any(o => ReferenceEquals(o, loss)))
        {
            loss.Dispose();
        }

        foreach (var output in outputs.Values)
        {
            output.Dispose();
        }

        return value;
    }
}
