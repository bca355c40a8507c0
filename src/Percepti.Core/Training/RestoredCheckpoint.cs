namespace Percepti.Core.Training;

/// <summary>A checkpoint whose weights and random states are restored; its optimizer state waits for the optimizer.</summary>
/// <param name="Path">The checkpoint file.</param>
/// <param name="State">Where the run stood: epoch, history, early-stopping state.</param>
/// <param name="Entries">The verified entries, read once.</param>
internal sealed record RestoredCheckpoint(string Path, CheckpointState State, Dictionary<string, byte[]> Entries);
