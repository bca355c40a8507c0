namespace Percepti.Core.Preview;

/// <summary>Summary statistics of a tensor's values; min, max, mean and std cover the finite values only.</summary>
/// <param name="Count">Number of values.</param>
/// <param name="Minimum">Smallest finite value (NaN when there is none).</param>
/// <param name="Maximum">Largest finite value (NaN when there is none).</param>
/// <param name="Mean">Mean of the finite values.</param>
/// <param name="StandardDeviation">Population standard deviation of the finite values.</param>
/// <param name="NaNCount">How many values are NaN.</param>
/// <param name="InfinityCount">How many values are +∞ or -∞.</param>
/// <param name="ZeroFraction">Fraction of values that are exactly zero (e.g. dead ReLUs).</param>
public sealed record TensorStatistics(long Count, double Minimum, double Maximum, double Mean, double StandardDeviation, long NaNCount, long InfinityCount, double ZeroFraction)
{
    /// <summary>Computes the statistics of a set of values.</summary>
    /// <param name="values">The values.</param>
    /// <returns>The statistics.</returns>
    public static TensorStatistics Of(ReadOnlySpan<float> values)
    {
        long nan = 0, infinity = 0, zeros = 0, finite = 0;
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
        foreach (float value in values)
        {
            if (float.IsNaN(value))
            {
                nan++;
                continue;
            }

            if (float.IsInfinity(value))
            {
                infinity++;
                continue;
            }

            if (value == 0)
            {
                zeros++;
            }

            finite++;
            sum += value;
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        double mean = finite == 0 ? double.NaN : sum / finite;
        double squares = 0;
        foreach (float value in values)
        {
            if (float.IsFinite(value))
            {
                squares += (value - mean) * (value - mean);
            }
        }

        return new TensorStatistics(
            values.Length,
            finite == 0 ? double.NaN : min,
            finite == 0 ? double.NaN : max,
            mean,
            finite == 0 ? double.NaN : Math.Sqrt(squares / finite),
            nan,
            infinity,
            values.Length == 0 ? 0 : (double)zeros / values.Length);
    }
}
