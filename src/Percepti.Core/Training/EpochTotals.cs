namespace Percepti.Core.Training;

/// <summary>The running sums of an epoch's training metrics, added to as batch values are read back.</summary>
/// <param name="epoch">The epoch.</param>
internal sealed class EpochTotals(int epoch)
{
    /// <summary>The epoch.</summary>
    public int Epoch => epoch;

    /// <summary>The sum of each batch's mean loss times its rows.</summary>
    public double LossSum { get; private set; }

    /// <summary>Rows classified correctly.</summary>
    public long Correct { get; private set; }

    /// <summary>Rows trained.</summary>
    public long Seen { get; private set; }

    /// <summary>Adds a batch.</summary>
    /// <param name="batch">Its values.</param>
    public void Add(BatchMetrics batch)
    {
        LossSum += batch.Loss * batch.Rows;
        Correct += batch.Correct ?? 0;
        Seen += batch.Rows;
    }
}
