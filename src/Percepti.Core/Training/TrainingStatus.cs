namespace Percepti.Core.Training;

/// <summary>A training run's current state, for a subscriber that joins late.</summary>
/// <param name="State">Running, paused, completed, …</param>
/// <param name="Epoch">The current epoch (1-based; 0 before the first).</param>
/// <param name="Batch">The last batch trained in the epoch.</param>
/// <param name="History">Metrics of the finished epochs.</param>
public sealed record TrainingStatus(TrainingState State, int Epoch, int Batch, IReadOnlyList<IReadOnlyDictionary<string, double>> History);
