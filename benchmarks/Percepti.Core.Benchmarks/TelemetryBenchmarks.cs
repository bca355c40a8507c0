using BenchmarkDotNet.Attributes;
using Percepti.Core.Data;
using Percepti.Core.Training;

namespace Percepti.Core.Benchmarks;

/// <summary>
/// Telemetry overhead: one epoch of the seed CNN on 2,000 Fashion-MNIST rows (batch 64, layer
/// statistics every 5 batches), with no subscriber against a subscriber that handles every event.
/// Target: ratio ≤ 1.05.
/// </summary>
[WarmupCount(1)]
[IterationCount(8)]
public class TelemetryBenchmarks
{
    private DatasetSplit _split = null!;
    private TrainingOptions _options = null!;

    [GlobalSetup]
    public void Setup()
    {
        string directory = Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist");
        _split = FashionMnist.Load(directory).Subset([.. Enumerable.Range(0, 2000)]).SplitCounts(train: 1920, validation: 80, seed: 1);
        _options = new TrainingOptions { Epochs = 1, BatchSize = 64, TelemetryEveryBatches = 5, Seed = 1 };
    }

    [Benchmark(Baseline = true, Description = "train one epoch, no subscriber")]
    public double WithoutSubscriber()
    {
        using var run = Trainer.Start(Tests.SeedGraphs.FashionCnn(), _split, _options);
        using var model = run.Completion.GetAwaiter().GetResult().Model;
        return run.Status.History[^1]["loss"];
    }

    [Benchmark(Description = "train one epoch, subscriber on every event")]
    public double WithSubscriber()
    {
        double seen = 0;
        using var run = Trainer.Start(Tests.SeedGraphs.FashionCnn(), _split, _options);
        using var subscription = run.Events.Subscribe(e => seen += e switch
        {
            BatchCompleted b => b.Loss,
            LayerStatistics s => s.Parameters.Sum(p => p.Values.Mean) + s.Outputs.Count,
            EpochCompleted c => c.Metrics.Count,
            _ => 1,
        });
        using var model = run.Completion.GetAwaiter().GetResult().Model;
        return seen + run.Status.History[^1]["loss"];
    }
}
