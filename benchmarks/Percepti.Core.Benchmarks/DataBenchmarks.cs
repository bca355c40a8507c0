using BenchmarkDotNet.Attributes;
using Percepti.Core.Data;
using Percepti.Core.Training;
using static TorchSharp.torch;

namespace Percepti.Core.Benchmarks;

/// <summary>
/// Whether the data path keeps up with training: one batch of 64 Fashion-MNIST rows from IDX to
/// tensors (read, preprocess with standardization, copy to the device), against one training step
/// of the seed CNN on a batch of 64 (forward, loss, backward, Adam). The loader must be at least
/// 5× faster (ratio ≤ 0.2), so the background prefetch always has batches ready.
/// </summary>
[MemoryDiagnoser]
public class DataBenchmarks
{
    private const int BatchSize = 64;
    private DataLoader _loader = null!;
    private GraphModule _model = null!;
    private optim.Optimizer _optimizer = null!;
    private Batch _batch = null!;
    private int[][] _batches = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        string directory = Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist");
        var training = FashionMnist.Load(directory);
        var preprocessor = Preprocessor.Fit(training, new Dictionary<string, ColumnPreprocessing> { ["image"] = new() { Normalization = NormalizationMode.Standardize } });
        _loader = new DataLoader(training, preprocessor, new DataLoaderOptions { BatchSize = BatchSize, Seed = 1 });
        int[] order = _loader.Order(0);
        _batches = [.. order.Chunk(BatchSize).Where(c => c.Length == BatchSize)];
        _batch = _loader.Build(0, _batches[0], 0);
        _model = GraphModule.Compile(Tests.SeedGraphs.FashionCnn(), seed: 1);
        _optimizer = optim.Adam(_model.parameters(), lr: 0.001);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _optimizer.Dispose();
        _model.Dispose();
    }

    [Benchmark(Baseline = true, Description = "training step, seed CNN, batch 64")]
    public float TrainingStep()
    {
        using var scope = NewDisposeScope();
        var tensors = _batch.ToTensors(CPU);
        _optimizer.zero_grad();
        var loss = _model.Loss(_model.Run(tensors, _model.Heads)); // as the trainer runs a step
        loss.backward();
        _optimizer.step();
        return loss.item<float>();
    }

    [Benchmark(Description = "loader: IDX rows to device tensors, batch 64")]
    public long LoadBatch()
    {
        using var scope = NewDisposeScope();
        var rows = _batches[_next++ % _batches.Length];
        var tensors = _loader.Build(0, rows, 0).ToTensors(CPU);
        return tensors["image"].numel();
    }
}
