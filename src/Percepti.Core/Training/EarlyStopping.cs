namespace Percepti.Core.Training;

/// <summary>
/// Early stopping's state: the best value of the watched metric so far and the epochs since it, updated once
/// per epoch. Restored from a checkpoint, so a resumed run stops where an uninterrupted one would.
/// </summary>
internal sealed class EarlyStopping
{
    private readonly string _metric;
    private readonly bool _higherIsBetter;
    private readonly int _patience;

    /// <summary>Creates the state for a run.</summary>
    /// <param name="metric">The watched metric, e.g. <c>val_loss</c>.</param>
    /// <param name="mode">Which way it should move.</param>
    /// <param name="patience">Epochs without improvement before stopping.</param>
    /// <param name="best">The best value so far (NaN: none yet).</param>
    /// <param name="sinceBest">Epochs since the best value.</param>
    public EarlyStopping(string metric, EarlyStoppingMode mode, int patience, double best = double.NaN, int sinceBest = 0)
    {
        _metric = metric;
        _patience = patience;
        _higherIsBetter = mode switch
        {
            EarlyStoppingMode.Maximize => true,
            EarlyStoppingMode.Minimize => false,
            _ => metric.Contains("accuracy", StringComparison.Ordinal),
        };
        Best = best;
        SinceBest = sinceBest;
    }

    /// <summary>The best value so far, or NaN before the first epoch.</summary>
    public double Best { get; private set; }

    /// <summary>Epochs since the best value.</summary>
    public int SinceBest { get; private set; }

    /// <summary>Whether the run should stop now.</summary>
    public bool ShouldStop => SinceBest >= _patience;

    /// <summary>Takes one epoch's metrics.</summary>
    /// <param name="metrics">The epoch's metrics.</param>
    /// <returns>Whether this epoch is the best so far (its weights are the ones to keep).</returns>
    /// <exception cref="TrainingException">The run does not report the watched metric.</exception>
    public bool Update(IReadOnlyDictionary<string, double> metrics)
    {
        if (!metrics.TryGetValue(_metric, out double current))
        {
            throw new TrainingException($"Early stopping watches '{_metric}', which this run does not report; it reports {string.Join(", ", metrics.Keys)}.");
        }

        if (double.IsNaN(Best) || (_higherIsBetter ? current > Best : current < Best))
        {
            Best = current;
            SinceBest = 0;
            return true;
        }

        SinceBest++;
        return false;
    }
}
