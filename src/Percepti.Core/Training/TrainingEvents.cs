using Percepti.Core.Graph;

namespace Percepti.Core.Training;

/// <summary>Something that happened in a training run.</summary>
/// <param name="Time">When it happened.</param>
public abstract record TrainingEvent(DateTimeOffset Time)
{
    /// <summary>Whether a slow subscriber may miss it (batch-level events); epoch-level and terminal events are never dropped.</summary>
    public virtual bool MayBeDropped => false;
}

/// <summary>The run started.</summary>
/// <param name="Time">When.</param>
/// <param name="Epochs">Epochs planned.</param>
/// <param name="BatchesPerEpoch">Training batches per epoch.</param>
/// <param name="Parameters">Trainable parameters.</param>
public sealed record TrainingStarted(DateTimeOffset Time, int Epochs, int BatchesPerEpoch, long Parameters) : TrainingEvent(Time);

/// <summary>
/// A training batch finished: one event per batch, in order (batch events may be dropped under a subscriber that
/// falls behind, never reordered). Its values stay on the device until the run reads them back, every
/// <see cref="TrainingOptions.MetricsEveryBatches"/> batches, at each epoch's end and before a pause or stop; the
/// events of the batches read together are published together, stamped with the time of that read.
/// </summary>
/// <param name="Time">When its values were read back.</param>
/// <param name="Epoch">The epoch (1-based).</param>
/// <param name="Batch">The batch in the epoch (1-based).</param>
/// <param name="Loss">This batch's mean loss (the sum of the heads' losses), before its step.</param>
/// <param name="Accuracy">This batch's accuracy on the first classification head, or null.</param>
/// <param name="SamplesPerSecond">Training rows per second over the batches read back together (a window's average).</param>
public sealed record BatchCompleted(DateTimeOffset Time, int Epoch, int Batch, double Loss, double? Accuracy, double SamplesPerSecond) : TrainingEvent(Time)
{
    /// <inheritdoc />
    public override bool MayBeDropped => true;
}

/// <summary>An epoch finished.</summary>
/// <param name="Time">When.</param>
/// <param name="Epoch">The epoch (1-based).</param>
/// <param name="Metrics">Training and validation metrics, Keras-style names (loss, accuracy, val_loss, val_accuracy).</param>
/// <param name="LearningRate">The learning rate at the end of the epoch.</param>
/// <param name="Elapsed">Time since the run started.</param>
/// <param name="Remaining">Estimated time to the last epoch.</param>
public sealed record EpochCompleted(DateTimeOffset Time, int Epoch, IReadOnlyDictionary<string, double> Metrics, double LearningRate, TimeSpan Elapsed, TimeSpan Remaining) : TrainingEvent(Time)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"epoch {Epoch}: " + string.Join(", ", Metrics.Where(m => m.Key != "lr").Select(m => $"{m.Key} {m.Value.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)}"))
        + string.Create(System.Globalization.CultureInfo.InvariantCulture, $", lr {LearningRate:G3}, {Elapsed.TotalSeconds:F0} s");
}

/// <summary>Statistics of one component's parameters and gradients.</summary>
/// <param name="NodeId">The component.</param>
/// <param name="Parameter">The parameter's name (e.g. layer0.weight).</param>
/// <param name="Values">Statistics of the values.</param>
/// <param name="Gradients">Statistics of the gradients, when computed.</param>
/// <param name="Histogram">Counts of values in 16 equal bins between the minimum and maximum.</param>
/// <param name="Norm">The L2 norm of the values.</param>
/// <param name="GradientNorm">The L2 norm of the gradients, when computed.</param>
public sealed record ParameterStatistics(NodeId NodeId, string Parameter, Percepti.Core.Preview.TensorStatistics Values, Percepti.Core.Preview.TensorStatistics? Gradients, IReadOnlyList<int> Histogram, double Norm, double? GradientNorm)
{
    /// <summary>Counts of gradients in 16 equal bins between their minimum and maximum, when computed.</summary>
    public IReadOnlyList<int>? GradientHistogram { get; init; }
}

/// <summary>Statistics of one component's output on a training batch.</summary>
/// <param name="NodeId">The component.</param>
/// <param name="Values">Statistics of its output values over the batch.</param>
/// <param name="Norm">The L2 norm of its output over the batch.</param>
/// <param name="Histogram">Counts of output values in 16 equal bins between the minimum and maximum.</param>
public sealed record OutputStatistics(NodeId NodeId, Percepti.Core.Preview.TensorStatistics Values, double Norm, IReadOnlyList<int> Histogram);

/// <summary>Per-component weights, biases, gradients and outputs, every <see cref="TrainingOptions.TelemetryEveryBatches"/> batches.</summary>
/// <param name="Time">When.</param>
/// <param name="Epoch">The epoch.</param>
/// <param name="Batch">The batch.</param>
/// <param name="Parameters">One entry per parameter tensor (weights and biases, with their gradients).</param>
/// <param name="Outputs">One entry per component output on this batch.</param>
public sealed record LayerStatistics(DateTimeOffset Time, int Epoch, int Batch, IReadOnlyList<ParameterStatistics> Parameters, IReadOnlyList<OutputStatistics> Outputs) : TrainingEvent(Time)
{
    /// <inheritdoc />
    public override bool MayBeDropped => true;
}

/// <summary>The run trained every epoch (or stopped early by its early-stopping rule).</summary>
/// <param name="Time">When.</param>
/// <param name="Epochs">Epochs trained.</param>
/// <param name="StoppedEarly">Whether early stopping ended it.</param>
public sealed record TrainingCompleted(DateTimeOffset Time, int Epochs, bool StoppedEarly) : TrainingEvent(Time);

/// <summary>The run was stopped on request.</summary>
/// <param name="Time">When.</param>
/// <param name="Epoch">The epoch it stopped in.</param>
/// <param name="Batch">The last batch trained.</param>
public sealed record TrainingStopped(DateTimeOffset Time, int Epoch, int Batch) : TrainingEvent(Time);

/// <summary>The run failed.</summary>
/// <param name="Time">When.</param>
/// <param name="Reason">What went wrong, with the epoch and batch.</param>
public sealed record TrainingFailed(DateTimeOffset Time, string Reason) : TrainingEvent(Time);

/// <summary>A checkpoint was written.</summary>
/// <param name="Time">When.</param>
/// <param name="Epoch">The last epoch it holds.</param>
/// <param name="Path">The checkpoint file.</param>
public sealed record CheckpointSaved(DateTimeOffset Time, int Epoch, string Path) : TrainingEvent(Time);

/// <summary>The model's prediction for one validation row.</summary>
/// <param name="Row">The row in the validation split.</param>
/// <param name="Input">The first input's values (preprocessed), for drawing.</param>
/// <param name="Prediction">Class probabilities (classification) or predicted values (regression).</param>
/// <param name="PredictedClass">The most probable class, for classification.</param>
/// <param name="TargetClass">The true class, for classification.</param>
/// <param name="Target">The true values, for regression.</param>
public sealed record SamplePrediction(int Row, IReadOnlyList<float> Input, IReadOnlyList<float> Prediction, string? PredictedClass, string? TargetClass, IReadOnlyList<float>? Target);

/// <summary>Predictions for the first validation rows after an epoch.</summary>
/// <param name="Time">When.</param>
/// <param name="Epoch">The epoch.</param>
/// <param name="Samples">The predictions.</param>
public sealed record SamplePredictions(DateTimeOffset Time, int Epoch, IReadOnlyList<SamplePrediction> Samples) : TrainingEvent(Time);

/// <summary>
/// What every component computes on one fixed training row with the current weights, as the preview engine shows it
/// (status, shape, statistics and a visual of at most <see cref="Preview.PreviewOptions.MaxVisualPoints"/> values):
/// watch a convolution's feature maps sharpen while the model trains. Published every
/// <see cref="TrainingOptions.VisualsEveryBatches"/> batches (at most once per
/// <see cref="TrainingOptions.VisualsMinimumInterval"/>) and at the end of every epoch, where it also carries the
/// gradient magnitudes. Computed in eval mode without touching the weights, their gradients, BatchNorm's running
/// statistics or dropout's random streams: a run with these events ends exactly as one without.
/// </summary>
/// <param name="Time">When.</param>
/// <param name="Epoch">The epoch.</param>
/// <param name="Batch">The batch after which the weights were read (the epoch's last at its end).</param>
/// <param name="SampleId">The row, e.g. <c>train[0]</c> (<see cref="TrainingOptions.VisualsSampleRow"/>).</param>
/// <param name="Components">A preview per component, in graph order (<see cref="Preview.ComponentPreview.GraphVersion"/> is 0).</param>
/// <param name="GradientMagnitudes">
/// At an epoch's end: per component, the mean absolute gradient of the sample's loss with respect to its output (a
/// value near zero where the signal dies); null for the events within an epoch.
/// </param>
public sealed record ComponentVisuals(DateTimeOffset Time, int Epoch, int Batch, string SampleId, IReadOnlyList<Preview.ComponentPreview> Components, IReadOnlyDictionary<Graph.NodeId, double>? GradientMagnitudes) : TrainingEvent(Time)
{
    /// <inheritdoc />
    public override bool MayBeDropped => GradientMagnitudes is null;
}
