using BenchmarkDotNet.Attributes;
using Percepti.Core.Data;
using Percepti.Core.Export;
using Percepti.Core.Training;

namespace Percepti.Core.Benchmarks;

/// <summary>
/// Predictor latency and throughput on the seed CNN loaded from a model package: one image
/// (preprocessing, forward, softmax) against a batch of 256 images in one call.
/// </summary>
[MemoryDiagnoser]
public class PredictorBenchmarks
{
    private Predictor _predictor = null!;
    private float[] _image = [];
    private IReadOnlyList<IReadOnlyDictionary<string, float[]>> _batch = [];
    private string _path = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        string directory = Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist");
        var data = FashionMnist.Load(directory);
        var split = data.Subset([.. Enumerable.Range(0, 512)]).SplitCounts(train: 512, validation: 0);
        using var run = Trainer.Start(Tests.SeedGraphs.FashionCnn(), split, new TrainingOptions { Epochs = 1 });
        using var model = run.Completion.GetAwaiter().GetResult().Model;
        _path = Path.Combine(Path.GetTempPath(), $"percepti-bench-{Environment.ProcessId}.pmodel");
        model.Save(_path);
        _predictor = Predictor.Load(_path);
        var test = FashionMnist.Load(directory, test: true);
        _image = test.Read(0, "image");
        _batch = [.. Enumerable.Range(0, 256).Select(r => (IReadOnlyDictionary<string, float[]>)new Dictionary<string, float[]> { ["image"] = test.Read(r, "image") })];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _predictor.Dispose();
        File.Delete(_path);
    }

    [Benchmark(Baseline = true, Description = "one image")]
    public float Single() => _predictor.Predict(_image).Top!.Probability;

    [Benchmark(Description = "batch of 256 images")]
    public int Batch() => _predictor.PredictBatch(_batch).Count;
}
