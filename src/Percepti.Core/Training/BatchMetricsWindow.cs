using static TorchSharp.torch;

namespace Percepti.Core.Training;

/// <summary>
/// The losses and correct counts of the batches trained since the last read, kept on the training device so a step
/// never waits for the device to report a number: reading them is one copy for the whole window.
/// </summary>
internal sealed class BatchMetricsWindow : IDisposable
{
    private readonly List<(int Batch, int Rows, Tensor Loss, Tensor? Correct)> _pending = [];
    private long _openedAt = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>Batches waiting to be read.</summary>
    public int Count => _pending.Count;

    /// <summary>Keeps a batch's loss and correct count (both scalars on the device); they outlive the step's scope.</summary>
    /// <param name="batch">The batch number in its epoch.</param>
    /// <param name="rows">Its rows.</param>
    /// <param name="loss">The batch's mean loss.</param>
    /// <param name="correct">How many rows the classification head got right, or null without one.</param>
    public void Add(int batch, int rows, Tensor loss, Tensor? correct) =>
        _pending.Add((batch, rows, loss.detach().to(ScalarType.Float32).DetachFromDisposeScope(), correct?.DetachFromDisposeScope()));

    /// <summary>Reads every waiting batch's values in one copy per kind, and starts a new window.</summary>
    /// <returns>The batches in order, with the rows per second of the window they were trained in.</returns>
    public IReadOnlyList<BatchMetrics> Read()
    {
        if (_pending.Count == 0)
        {
            return [];
        }

        double seconds = Math.Max(System.Diagnostics.Stopwatch.GetElapsedTime(_openedAt).TotalSeconds, 1e-9);
        _openedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            using var scope = NewDisposeScope();
            float[] losses = stack(_pending.Select(p => p.Loss)).cpu().data<float>().ToArray();
            long[]? correct = _pending[0].Correct is null ? null : stack(_pending.Select(p => p.Correct!)).cpu().data<long>().ToArray();
            double rate = _pending.Sum(p => p.Rows) / seconds;
            return [.. _pending.Select((p, i) => new BatchMetrics(p.Batch, p.Rows, losses[i], correct?[i], rate))];
        }
        finally
        {
            Clear();
        }
    }

    /// <summary>Frees the window's tensors and empties it.</summary>
    private void Clear()
    {
        foreach (var (_, _, loss, correct) in _pending)
        {
            loss.Dispose();
            correct?.Dispose();
        }

        _pending.Clear();
    }

    /// <inheritdoc />
    public void Dispose() => Clear();
}
