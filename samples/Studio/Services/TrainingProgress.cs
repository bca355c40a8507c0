using Percepti.Core.Training;

namespace Percepti.Studio.Services;

/// <summary>
/// What the train view draws, accumulated from a run's events on the run's delivery thread and read by the UI
/// thread: curve points, the latest layer statistics, sample predictions and component visuals, the terminal state. Thread-safe.
/// </summary>
public sealed class TrainingProgress
{
    private readonly Lock _gate = new();
    private readonly List<(double Step, double Loss, double? Accuracy)> _batches = [];
    private readonly List<EpochCompleted> _epochs = [];

    /// <summary>Epochs and batches per epoch, once the run started.</summary>
    public TrainingStarted? Started { get; private set; }

    /// <summary>The latest batch.</summary>
    public BatchCompleted? LastBatch { get; private set; }

    /// <summary>The latest per-component statistics.</summary>
    public LayerStatistics? Layers { get; private set; }

    /// <summary>The latest sample predictions.</summary>
    public SamplePredictions? Samples { get; private set; }

    /// <summary>The latest visuals of every component on the run's sample, with the weights of that moment.</summary>
    public ComponentVisuals? Visuals { get; private set; }

    /// <summary>The gradient magnitude at each component's output on the sample, from the latest epoch's end.</summary>
    public IReadOnlyDictionary<Percepti.Core.Graph.NodeId, double>? Gradients { get; private set; }

    /// <summary>Completed, stopped or failed; null while running.</summary>
    public TrainingEvent? Final { get; private set; }

    /// <summary>Batch points: the step (epochs, fractional) and the batch's loss and accuracy.</summary>
    public IReadOnlyList<(double Step, double Loss, double? Accuracy)> Batches
    {
        get
        {
            lock (_gate)
            {
                return [.. _batches];
            }
        }
    }

    /// <summary>Every completed epoch with its training and validation metrics.</summary>
    public IReadOnlyList<EpochCompleted> Epochs
    {
        get
        {
            lock (_gate)
            {
                return [.. _epochs];
            }
        }
    }

    /// <summary>Takes one event.</summary>
    /// <param name="e">The event.</param>
    public void Add(TrainingEvent e)
    {
        lock (_gate)
        {
            switch (e)
            {
                case TrainingStarted started:
                    Started = started;
                    break;
                case BatchCompleted batch:
                    LastBatch = batch;
                    int perEpoch = Math.Max(1, Started?.BatchesPerEpoch ?? 1);
                    _batches.Add((batch.Epoch - 1 + ((double)batch.Batch / perEpoch), batch.Loss, batch.Accuracy));
                    break;
                case EpochCompleted epoch:
                    _epochs.Add(epoch);
                    break;
                case LayerStatistics layers:
                    Layers = layers;
                    break;
                case SamplePredictions samples:
                    Samples = samples;
                    break;
                case ComponentVisuals visuals:
                    Visuals = visuals;
                    Gradients = visuals.GradientMagnitudes ?? Gradients;
                    break;
                case TrainingCompleted or TrainingStopped or TrainingFailed:
                    Final = e;
                    break;
            }
        }
    }
}
