using System.Diagnostics;
using System.Globalization;
using Percepti.Core.Components;
using Percepti.Core.Data;
using Percepti.Core.Graph;
using Percepti.Core.Training;
using static TorchSharp.torch;

namespace Percepti.Core.Benchmarks;

/// <summary>
/// One training epoch through <see cref="Trainer"/> against the same network as a raw TorchSharp loop over preloaded
/// tensors, on the same rows, in interleaved rounds (each round starts with another side) so the drifts of a shared
/// machine hit every side. The raw loop runs on the calling thread and on a new thread (where the Trainer runs). Two models: the seed CNN (the whole overhead of graph, pipeline and telemetry) and one Dense layer on
/// flattened pixels, whose step costs almost nothing (the pipeline alone). Run with <c>-- --epoch [rows] [rounds] [epochs]</c>: with several epochs per run, each side's time covers them all (a user's run), so what a run pays once weighs as it does in practice.
/// </summary>
/// <remarks>
/// The Trainer's epoch is timed from its <see cref="TrainingStarted"/> event (the model compiled and the rows prepared)
/// to the end of the epoch's last batch, read from the run's own clock; the setup before it is reported apart. The raw
/// loop starts from the Trainer's initial weights, shuffles with <c>randperm</c>, takes batches with <c>index_select</c>,
/// and reads nothing back.
/// Both run without a validation split (the raw loop has none); the Trainer keeps its default telemetry.
/// </remarks>
internal static class PairedEpochComparison
{
    private const int BatchSize = 64;

    public static void Run(TextWriter output, int rows, int rounds, int epochs = 1)
    {
        var (dataset, source) = LoadTraining(rows);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{dataset.Count:N0} training rows of {source}, batch {BatchSize}, {get_num_threads()} libtorch threads, {rounds} rounds per model, {epochs} epoch(s) per run"));
        var split = DatasetSplit.From(dataset, dataset.Subset([]));
        var preprocessor = Preprocessor.Fit(dataset);
        using var images = EpochModels.Preloaded(dataset, preprocessor, "image");
        using var labels = EpochModels.Preloaded(dataset, preprocessor, "label").to(ScalarType.Int64);

        foreach (var model in new[] { "seed CNN", "Dense on pixels" })
        {
            var trainer = new List<double>();
            var setup = new List<double>();
            var raw = new List<double>();
            var rawWorker = new List<double>();
            var streamed = new List<double>();
            var runs = new Action[]
            {
                () => raw.Add(RawEpoch(model, images, labels, raw.Count, epochs)),
                () => rawWorker.Add(OnWorkerThread(() => RawEpoch(model, images, labels, rawWorker.Count, epochs))),
                () =>
                {
                    var (before, epoch) = TrainerEpoch(model, split, trainer.Count, streamEveryBatch: false, epochs);
                    setup.Add(before);
                    trainer.Add(epoch);
                },
                () => streamed.Add(TrainerEpoch(model, split, streamed.Count, streamEveryBatch: true, epochs).Epoch),
            };
            for (int round = 0; round < rounds; round++)
            {
                // Each round starts with another side, so slow drifts of the machine hit all three alike.
                for (int k = 0; k < runs.Length; k++)
                {
                    runs[(round + k) % runs.Length]();
                }
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{model}: raw loop {EpochModels.Median(raw):F3} s ({dataset.Count * epochs / EpochModels.Median(raw):N0} rows/s), raw loop on a worker thread {EpochModels.Median(rawWorker):F3} s, Trainer epoch {EpochModels.Median(trainer):F3} s ({dataset.Count * epochs / EpochModels.Median(trainer):N0} rows/s; setup before it {EpochModels.Median(setup):F2} s). Trainer/raw {EpochModels.Median(trainer) / EpochModels.Median(raw):F3}, Trainer/raw on a worker thread {EpochModels.Median(trainer) / EpochModels.Median(rawWorker):F3} (medians of time). Trainer streaming its rows and reading every batch (the pipeline before) {EpochModels.Median(streamed):F3} s, {EpochModels.Median(streamed) / EpochModels.Median(rawWorker):F3} of the worker-thread raw loop. Rounds (raw, worker, Trainer, streamed): {string.Join("; ", raw.Select((r, i) => $"{r:F2}, {rawWorker[i]:F2}, {trainer[i]:F2}, {streamed[i]:F2}"))}"));
        }
    }

    /// <summary>Runs on a new thread, as the Trainer's loop does (libtorch's CPU thread pool is per calling thread).</summary>
    private static double OnWorkerThread(Func<double> run)
    {
        double result = 0;
        var thread = new Thread(() => result = run());
        thread.Start();
        thread.Join();
        return result;
    }

    private static (Dataset Dataset, string Source) LoadTraining(int rows)
    {
        const string Full = "/usr/share/datasets/fashion-mnist";
        string directory = File.Exists(Path.Combine(Full, "train-images-idx3-ubyte.gz")) || File.Exists(Path.Combine(Full, "train-images-idx3-ubyte")) ? Full : Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist");
        var all = FashionMnist.Load(directory);
        return (all.Subset([.. Enumerable.Range(0, Math.Min(rows, all.Count))]), directory);
    }

    private static double RawEpoch(string model, Tensor images, Tensor labels, int seed, int epochs)
    {
        manual_seed(seed);
        using var network = EpochModels.Network(model);

        // The Trainer's starting weights: how many units die, and so how many slow denormal floats the optimizer
        // meets, depends on them, and that is not what is compared.
        using (var compiled = GraphModule.Compile(EpochModels.Graph(model), seed))
        using (no_grad())
        {
            foreach (var (mine, theirs) in network.parameters().Zip(compiled.parameters()))
            {
                mine.copy_(theirs);
            }
        }

        using var optimizer = optim.Adam(network.parameters(), lr: 1e-3);
        long count = images.shape[0];
        var clock = Stopwatch.StartNew();
        for (int pass = 0; pass < epochs; pass++)
        {
            using var epoch = NewDisposeScope();
            var order = randperm(count);
            for (long start = 0; start < count; start += BatchSize)
            {
                using var step = NewDisposeScope();
                var batch = order.narrow(0, start, Math.Min(BatchSize, count - start));
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(network.call(images.index_select(0, batch)), labels.index_select(0, batch));
                loss.backward();
                optimizer.step();
            }
        }

        return clock.Elapsed.TotalSeconds;
    }

    private static (double Setup, double Epoch) TrainerEpoch(string model, DatasetSplit split, int seed, bool streamEveryBatch, int epochs)
    {
        // Events are stamped on the training thread by the run's clock: here, seconds since the run was created.
        var clock = new ElapsedClock();
        TrainingEvent? started = null, lastBatch = null;
        using var delivered = new ManualResetEventSlim();
        using var run = Trainer.Create(EpochModels.Graph(model), split, new TrainingOptions
        {
            Epochs = epochs,
            BatchSize = BatchSize,
            Seed = seed,
            TimeProvider = clock,
            PreparedDataBudgetBytes = streamEveryBatch ? 0 : new TrainingOptions().PreparedDataBudgetBytes,
            MetricsEveryBatches = streamEveryBatch ? 1 : new TrainingOptions().MetricsEveryBatches,
        });
        using var subscription = run.Events.Subscribe(
            e =>
            {
                started ??= e as TrainingStarted;
                lastBatch = e as BatchCompleted ?? lastBatch;
            },
            delivered.Set);
        run.Start();
        using var trained = run.Completion.GetAwaiter().GetResult().Model;
        delivered.Wait();
        return (clock.Seconds(started!), clock.Seconds(lastBatch!) - clock.Seconds(started!));
    }

    /// <summary>A clock that counts from its creation, so an event's time says when in the run it was stamped.</summary>
    private sealed class ElapsedClock : TimeProvider
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch + _watch.Elapsed;

        public double Seconds(TrainingEvent e) => (e.Time - DateTimeOffset.UnixEpoch).TotalSeconds;
    }

    private static void Add(this (List<double> First, List<double> Second) lists, double first, double second)
    {
        lists.First.Add(first);
        lists.Second.Add(second);
    }
}
