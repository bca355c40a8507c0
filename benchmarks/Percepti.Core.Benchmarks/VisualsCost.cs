using System.Diagnostics;
using System.Globalization;
using Percepti.Core.Data;
using Percepti.Core.Training;

namespace Percepti.Core.Benchmarks;

/// <summary>
/// What <see cref="ComponentVisuals"/> costs at its default frequency: one epoch of the seed CNN through the Trainer
/// with the default options against the same run with <c>VisualsEveryBatches = 0</c>, in interleaved rounds (each
/// round starts with the other side), as a ratio of medians. Run with <c>-- --visuals [rows] [rounds]</c>.
/// </summary>
internal static class VisualsCost
{
    public static void Run(TextWriter output, int rows, int rounds)
    {
        const string Full = "/usr/share/datasets/fashion-mnist";
        string directory = File.Exists(Path.Combine(Full, "train-images-idx3-ubyte.gz")) ? Full : Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist");
        var all = FashionMnist.Load(directory);
        var dataset = all.Subset([.. Enumerable.Range(0, Math.Min(rows, all.Count))]);
        var split = DatasetSplit.From(dataset, dataset.Subset([]));
        var defaults = new TrainingOptions();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{dataset.Count:N0} rows of {directory}, seed CNN, batch 64, {rounds} rounds; visuals every {defaults.VisualsEveryBatches} batches, at most every {defaults.VisualsMinimumInterval.TotalMilliseconds} ms"));
        var with = new List<double>();
        var without = new List<double>();
        var counts = new List<int>();
        for (int round = 0; round < rounds; round++)
        {
            foreach (bool visuals in round % 2 == 0 ? new[] { true, false } : [false, true])
            {
                var (seconds, count) = Epoch(split, visuals);
                (visuals ? with : without).Add(seconds);
                if (visuals)
                {
                    counts.Add(count);
                }
            }
        }

        double ratio = EpochModels.Median(with) / EpochModels.Median(without);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch with visuals {EpochModels.Median(with):F3} s ({counts.Max()} events), without {EpochModels.Median(without):F3} s: ratio {ratio:F3} ({(ratio - 1) * 100:F1} % of the epoch). Rounds (with, without): {string.Join("; ", with.Zip(without).Select(p => $"{p.First:F2}, {p.Second:F2}"))}"));

        // The same cost directly: one event within an epoch, and one at its end (with gradient magnitudes).
        var preprocessor = Preprocessor.Fit(dataset);
        using var model = GraphModule.Compile(Tests.SeedGraphs.FashionCnn(), 1);
        model.train();
        using var sample = SampleVisuals.Create(Tests.SeedGraphs.FashionCnn(), dataset, 0, preprocessor, TorchSharp.torch.CPU);
        double plain = Time(() => sample.Compute(model, gradients: false)), end = Time(() => sample.Compute(model, gradients: true));
        int within = counts.Max() - 1;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"one event: {plain * 1000:F2} ms within an epoch, {end * 1000:F2} ms at its end; {within} + 1 per epoch cost {((within * plain) + end) / EpochModels.Median(without) * 100:F2} % of the epoch without them"));
    }

    /// <summary>The median of 30 calls after 5 warm-up calls, in seconds.</summary>
    private static double Time(Action action)
    {
        var times = new List<double>();
        for (int i = 0; i < 35; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            if (i >= 5)
            {
                times.Add(clock.Elapsed.TotalSeconds);
            }
        }

        return EpochModels.Median(times);
    }

    private static (double Seconds, int Visuals) Epoch(DatasetSplit split, bool visuals)
    {
        int count = 0;
        using var delivered = new ManualResetEventSlim();
        using var run = Trainer.Create(Tests.SeedGraphs.FashionCnn(), split, new TrainingOptions
        {
            Epochs = 1,
            BatchSize = 64,
            Seed = 1,
            VisualsEveryBatches = visuals ? new TrainingOptions().VisualsEveryBatches : 0,
        });
        using var subscription = run.Events.Subscribe(e => count += e is ComponentVisuals ? 1 : 0, delivered.Set);
        var clock = Stopwatch.StartNew();
        run.Start();
        using var trained = run.Completion.GetAwaiter().GetResult().Model;
        double seconds = clock.Elapsed.TotalSeconds;
        delivered.Wait();
        return (seconds, count);
    }

}
