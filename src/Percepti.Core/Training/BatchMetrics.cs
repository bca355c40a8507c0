namespace Percepti.Core.Training;

/// <summary>One batch's values as read back.</summary>
/// <param name="Batch">The batch number in its epoch.</param>
/// <param name="Rows">Its rows.</param>
/// <param name="Loss">Its mean loss.</param>
/// <param name="Correct">Rows classified correctly, or null.</param>
/// <param name="RowsPerSecond">The training speed over the window it belongs to.</param>
internal readonly record struct BatchMetrics(int Batch, int Rows, double Loss, long? Correct, double RowsPerSecond);
