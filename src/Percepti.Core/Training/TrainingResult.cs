namespace Percepti.Core.Training;

/// <summary>What a training run produced.</summary>
/// <param name="History">Keras-like history: one entry of metrics per epoch (loss, accuracy, val_loss, val_accuracy, lr).</param>
/// <param name="Model">The trained model; the caller disposes it.</param>
/// <param name="Stopped">Whether the run was stopped on request before its last epoch.</param>
/// <param name="StoppedEarly">Whether early stopping ended it.</param>
public sealed record TrainingResult(IReadOnlyList<IReadOnlyDictionary<string, double>> History, TrainedModel Model, bool Stopped, bool StoppedEarly)
{
    /// <summary>The last epoch's metrics (empty when no epoch finished).</summary>
    public IReadOnlyDictionary<string, double> FinalMetrics => History.Count == 0 ? new Dictionary<string, double>() : History[^1];
}
