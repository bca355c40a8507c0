using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Percepti.Core.Backends;
using Percepti.Core.Data;

namespace Percepti.Core.Training;

/// <summary>How a graph is trained.</summary>
public sealed record TrainingOptions
{
    /// <summary>Passes over the training split.</summary>
    [Range(1, 100_000)]
    public int Epochs { get; init; } = 5;

    /// <summary>Rows per batch.</summary>
    [Range(1, 1_000_000)]
    public int BatchSize { get; init; } = 64;

    /// <summary>The optimizer.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>The (peak) learning rate.</summary>
    [Range(1e-12, 100)]
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>L2 weight decay (decoupled for AdamW).</summary>
    [Range(0, 10)]
    public double WeightDecay { get; init; }

    /// <summary>Momentum for SGD and RMSprop.</summary>
    [Range(0, 1)]
    public double Momentum { get; init; } = 0.9;

    /// <summary>Nesterov momentum for SGD.</summary>
    public bool Nesterov { get; init; }

    /// <summary>The learning-rate schedule.</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>For the step schedule: epochs between decays.</summary>
    [Range(1, 100_000)]
    public int StepEpochs { get; init; } = 1;

    /// <summary>For the step schedule: the decay factor.</summary>
    [Range(0, 1)]
    public double StepGamma { get; init; } = 0.5;

    /// <summary>Clip the gradients' global norm to this value, or null for no clipping.</summary>
    [Range(1e-9, 1e9)]
    public double? GradientClipNorm { get; init; }

    /// <summary>Stop when this validation metric stops improving for <see cref="EarlyStoppingPatience"/> epochs; null to train all epochs.</summary>
    public string? EarlyStoppingMetric { get; init; }

    /// <summary>Whether the watched metric should fall or rise; <see cref="EarlyStoppingMode.Auto"/> decides by its name.</summary>
    public EarlyStoppingMode EarlyStoppingMode { get; init; } = EarlyStoppingMode.Auto;

    /// <summary>Epochs without improvement before early stopping.</summary>
    [Range(1, 100_000)]
    public int EarlyStoppingPatience { get; init; } = 3;

    /// <summary>Restore the weights of the best epoch when stopping early.</summary>
    public bool RestoreBestWeights { get; init; } = true;

    /// <summary>Seed of the weights, the shuffle and augmentation.</summary>
    public int Seed { get; init; }

    /// <summary>Publish layer statistics every this many batches (0: never).</summary>
    [Range(0, 1_000_000)]
    public int TelemetryEveryBatches { get; init; } = 50;

    /// <summary>
    /// Publish <see cref="ComponentVisuals"/> (every component's output on one training row, with the current weights)
    /// every this many batches, and at each epoch's end (0: never). Its cost is one forward pass of one row; see
    /// benchmarks/README.md for the measured share of an epoch.
    /// </summary>
    [Range(0, 1_000_000)]
    public int VisualsEveryBatches { get; init; } = 50;

    /// <summary>
    /// The least time between two <see cref="ComponentVisuals"/> within an epoch (those at an epoch's end are always
    /// published), so a model whose batches take microseconds does not spend its time drawing.
    /// </summary>
    public TimeSpan VisualsMinimumInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The training row <see cref="ComponentVisuals"/> shows; the first by default (the preview sample).</summary>
    [Range(0, int.MaxValue)]
    public int VisualsSampleRow { get; init; }

    /// <summary>How many validation rows get a sample-predictions event after each epoch (0: none).</summary>
    [Range(0, 1_000)]
    public int SamplePredictionCount { get; init; } = 8;

    /// <summary>
    /// Skip a batch whose loss is not finite (instead of failing the run). The check comes before the batch's step, so
    /// it reads every batch's loss back from the device as soon as it is computed (on a GPU, a wait per batch).
    /// </summary>
    public bool SkipNonFiniteBatches { get; init; }

    /// <summary>
    /// How often the training thread reads batch losses and accuracies back from the device: after every this many
    /// batches, at each epoch's end, and before a pause or stop. Until then they stay on the device, so a GPU never
    /// waits for the host between batches. Every batch still gets its <see cref="BatchCompleted"/>, published when
    /// its values are read. A non-finite loss is found at that read and fails the run naming its batch (unless
    /// <see cref="SkipNonFiniteBatches"/>). On the CPU, where operations finish before they return, 1 costs nothing.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MetricsEveryBatches { get; init; } = 20;

    /// <summary>
    /// Training rows whose preprocessed values take at most this many bytes (32-bit values) are preprocessed once,
    /// before the first epoch, and kept as tensors on the training device; each batch is then taken by index from the
    /// epoch's shuffled order and augmented with tensor operations. Larger training splits are read and preprocessed
    /// every epoch by a background thread that stays a few batches ahead. Both give the same batches. 2 GiB by default;
    /// 0 always streams. Validation rows always stream.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long PreparedDataBudgetBytes { get; init; } = 2L << 30;

    /// <summary>Preprocessing per column, fitted on the training split.</summary>
    public IReadOnlyDictionary<string, ColumnPreprocessing> Preprocessing { get; init; } = new Dictionary<string, ColumnPreprocessing>();

    /// <summary>Where checkpoints are written (model, optimizer, epoch, random state, history), or null for none.</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Write a checkpoint every this many epochs.</summary>
    [Range(1, 100_000)]
    public int CheckpointEveryEpochs { get; init; } = 1;

    /// <summary>Augmentation of training batches (never validation or test), or null.</summary>
    public Augmentation? Augmentation { get; init; }

    /// <summary>The clock of event timestamps and elapsed times (tests can give a fake one).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The resource limits the graph must stay within (parameters, output sizes); checked before anything is built.</summary>
    public Graph.GraphLimits Limits { get; init; } = Graph.GraphLimits.Default;

    /// <summary>
    /// Where to train (as <see cref="Preview.PreviewOptions.Backend"/> is where previews run); the CPU by default.
    /// An unavailable backend fails the run with its reason.
    /// </summary>
    public IComputeBackend Backend { get; init; } = ComputeBackend.Cpu;

    /// <summary>Where the run logs (as <see cref="Preview.PreviewOptions.Logger"/> is where previews log); nothing by default.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;
}
