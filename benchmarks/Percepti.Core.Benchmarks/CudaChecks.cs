using System.Diagnostics;
using System.Globalization;
using Percepti.Core.Backends;
using Percepti.Core.Components;
using Percepti.Core.Data;
using Percepti.Core.Graph;
using Percepti.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Percepti.Core.Benchmarks;

/// <summary>
/// The checks a CUDA machine answers (run with <c>-- --cuda</c>; see benchmarks/README.md, "On a GPU"): one epoch of
/// the seed CNN and of one Dense layer through <see cref="Trainer"/> against the same network as a raw TorchSharp loop
/// on data resident on the GPU, at batch 512 and 64, on the rows <c>shared/gpu/peer_gpu.py</c> (PyTorch) trains on;
/// then whether a run resumed from a checkpoint written on CUDA ends where an uninterrupted run ends, on CUDA and on
/// the CPU.
/// </summary>
/// <remarks>
/// Each side trains two epochs and the second is timed, as the PyTorch anchor times its second pass: the first pays
/// for cuDNN's algorithm choice and the caching allocator's growth. The Trainer's epoch is the time between its two
/// <see cref="EpochCompleted"/> events (the run's own clock), so it includes every batch's pipeline, the metric reads
/// and the epoch's end; the raw loop synchronizes the device before its clock stops.
/// </remarks>
internal static class CudaChecks
{
    /// <summary>The anchor's rows: the first 5,936 images of the bundled subset, eight times over (47,488).</summary>
    private const int AnchorRows = 5936;

    /// <param name="output">Where the figures go.</param>
    /// <param name="backend">CUDA device 0; the CPU to try the checks out on a machine without a GPU.</param>
    /// <param name="copies">How many times the anchor's rows repeat (8 on the GPU; fewer for a try-out on a CPU).</param>
    public static int Run(TextWriter output, IComputeBackend backend, int copies)
    {
        if (!backend.Availability.IsAvailable)
        {
            output.WriteLine($"CUDA is not usable here: {backend.Availability.Reason}");
            return 1;
        }

        output.WriteLine($"Device: {backend.Name} ({backend.Availability.Reason})");
        var bundled = FashionMnist.Load(Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist"));
        var dataset = bundled.Subset([.. Enumerable.Repeat(0, copies).SelectMany(_ => Enumerable.Range(0, AnchorRows))]);
        var split = DatasetSplit.From(dataset, dataset.Subset([]));
        var preprocessor = Preprocessor.Fit(dataset);
        using var images = EpochModels.Preloaded(dataset, preprocessor, "image").to(backend.Device);
        using var labels = EpochModels.Preloaded(dataset, preprocessor, "label").to(ScalarType.Int64).to(backend.Device);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{dataset.Count:N0} rows, one timed epoch after one warm-up epoch per side"));

        foreach (int batch in new[] { 512, 64 })
        {
            foreach (var model in new[] { "seed CNN", "Dense on pixels" })
            {
                double raw = RawEpoch(model, images, labels, batch, backend.Device);
                double trainer = TrainerEpoch(model, split, batch, backend, streamEveryBatch: false);
                double quiet = TrainerEpoch(model, split, batch, backend, streamEveryBatch: false, layerTelemetry: false);
                double streamed = TrainerEpoch(model, split, batch, backend, streamEveryBatch: true);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{backend.Name} batch={batch} model={model}: raw loop {dataset.Count / raw:N0} samples/s ({raw:F3} s), Trainer {dataset.Count / trainer:N0} samples/s ({trainer:F3} s), Trainer/raw time {trainer / raw:F3}; without layer telemetry {dataset.Count / quiet:N0} samples/s ({quiet:F3} s); Trainer streaming rows and reading every batch {dataset.Count / streamed:N0} samples/s ({streamed:F3} s)"));
            }
        }

        // The Dense model's CUDA kernels (cuBLAS products, no convolution) are deterministic, so its resumed run must
        // match bit for bit; the CNN's convolution gradients are not, so its runs differ a little even uninterrupted.
        foreach (var model in new[] { "Dense on pixels", "seed CNN" })
        {
            ResumeCheck(output, model, bundled.Subset([.. Enumerable.Range(0, AnchorRows)]), backend);
        }
        return 0;
    }

    /// <summary>The anchor's loop in TorchSharp: randperm on the device, index, step, keep the loss, read nothing.</summary>
    private static double RawEpoch(string model, Tensor images, Tensor labels, int batchSize, Device device)
    {
        manual_seed(0);
        using var network = EpochModels.Network(model);
        network.to(device);
        using var optimizer = optim.Adam(network.parameters(), lr: 1e-3);
        long count = images.shape[0];
        double seconds = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            using var epoch = NewDisposeScope();
            Synchronize(device);
            var clock = Stopwatch.StartNew();
            var order = randperm(count, device: device);
            var losses = new List<Tensor>();
            for (long start = 0; start < count; start += batchSize)
            {
                var batch = order.narrow(0, start, Math.Min(batchSize, count - start));
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(network.call(images.index_select(0, batch)), labels.index_select(0, batch));
                loss.backward();
                optimizer.step();
                losses.Add(loss.detach());
            }

            Synchronize(device);
            seconds = clock.Elapsed.TotalSeconds;
        }

        return seconds;
    }

    private static void Synchronize(Device device)
    {
        if (device.type == DeviceType.CUDA)
        {
            cuda.synchronize(device);
        }
    }

    private static double TrainerEpoch(string model, DatasetSplit split, int batchSize, IComputeBackend backend, bool streamEveryBatch, bool layerTelemetry = true)
    {
        var epochs = new List<EpochCompleted>();
        using var delivered = new ManualResetEventSlim();
        using var run = Trainer.Create(EpochModels.Graph(model), split, new TrainingOptions
        {
            Epochs = 2,
            BatchSize = batchSize,
            Seed = 0,
            Backend = backend,
            PreparedDataBudgetBytes = streamEveryBatch ? 0 : new TrainingOptions().PreparedDataBudgetBytes,
            MetricsEveryBatches = streamEveryBatch ? 1 : new TrainingOptions().MetricsEveryBatches,
            TelemetryEveryBatches = layerTelemetry ? new TrainingOptions().TelemetryEveryBatches : 0,
        });
        using var subscription = run.Events.Subscribe(
            e =>
            {
                if (e is EpochCompleted completed)
                {
                    epochs.Add(completed);
                }
            },
            delivered.Set);
        run.Start();
        using var trained = run.Completion.GetAwaiter().GetResult().Model;
        delivered.Wait();
        return (epochs[^1].Time - epochs[^2].Time).TotalSeconds;
    }

    /// <summary>
    /// Three epochs uninterrupted on CUDA; two epochs on CUDA with checkpoints, then resumed to three on CUDA and, from
    /// a copy of the same checkpoint, on the CPU. Prints each run's last loss and the largest weight difference.
    /// </summary>
    private static void ResumeCheck(TextWriter output, string model, Dataset dataset, IComputeBackend cudaBackend)
    {
        var split = dataset.Split(train: 0.8, validation: 0.2, seed: 42, stratifyBy: "label");
        var graph = EpochModels.Graph(model);
        string root = Directory.CreateTempSubdirectory("percepti-cuda-resume").FullName;
        TrainingOptions Options(int epochs, IComputeBackend backend, string checkpoints) => new()
        {
            Epochs = epochs,
            BatchSize = 64,
            Seed = 7,
            Backend = backend,
            CheckpointDirectory = checkpoints,
        };

        using var whole = Train(Trainer.Create(graph, split, Options(3, cudaBackend, Path.Combine(root, "whole"))));
        string cudaCheckpoints = Path.Combine(root, "cuda");
        using (Train(Trainer.Create(graph, split, Options(2, cudaBackend, cudaCheckpoints))).Model)
        {
        }

        string cpuCheckpoints = Path.Combine(root, "cpu");
        CopyDirectory(cudaCheckpoints, cpuCheckpoints);
        using var onCuda = Train(Trainer.CreateResume(graph, split, Options(3, cudaBackend, cudaCheckpoints)));
        using var onCpu = Train(Trainer.CreateResume(graph, split, Options(3, ComputeBackend.Cpu, cpuCheckpoints)));
        // The same run twice, uninterrupted: how far CUDA's own nondeterminism moves the weights, for scale.
        using var again = Train(Trainer.Create(graph, split, Options(3, cudaBackend, Path.Combine(root, "again"))));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CUDA resume, {model}: uninterrupted last loss {whole.Loss:G9}; resumed on CUDA {onCuda.Loss:G9} (max weight difference {MaxDifference(whole.Model, onCuda.Model):G3}); resumed on CPU {onCpu.Loss:G9} ({MaxDifference(whole.Model, onCpu.Model):G3}); a second uninterrupted CUDA run {again.Loss:G9} ({MaxDifference(whole.Model, again.Model):G3})"));
        Directory.Delete(root, recursive: true);
    }

    private static Trained Train(TrainingRun run)
    {
        using (run)
        {
            run.Start();
            var result = run.Completion.GetAwaiter().GetResult();
            return new Trained(result.Model, result.FinalMetrics["loss"], result.History.Count);
        }
    }

    private static double MaxDifference(TrainedModel first, TrainedModel second)
    {
        using var scope = NewDisposeScope();
        return first.Module.parameters().Zip(second.Module.parameters())
            .Max(p => (p.First.cpu() - p.Second.cpu()).abs().max().item<float>());
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private sealed record Trained(TrainedModel Model, double Loss, int Epochs) : IDisposable
    {
        public void Dispose() => Model.Dispose();
    }
}
