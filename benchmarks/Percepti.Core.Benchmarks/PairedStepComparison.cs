using System.Diagnostics;
using System.Globalization;

namespace Percepti.Core.Benchmarks;

/// <summary>
/// The training-step comparison again, as interleaved pairs: each iteration times one Sequential step
/// and one graph step back to back (alternating which goes first), so the slow drifts of a shared
/// machine hit both sides alike. Reports medians and quartiles of each side and their ratio.
/// Run with <c>-- --paired</c>.
/// </summary>
internal static class PairedStepComparison
{
    public static void Run(TextWriter output)
    {
        DisposeScopeCost(output);
        foreach (var (model, pairs) in new[] { ("seed CNN, batch 64", 400), ("MLP, batch 32", 4000) })
        {
            var benchmark = new TrainingStepBenchmarks { Model = model };
            benchmark.Setup();
            try
            {
                var (sequential, graph) = Interleaved(benchmark.Sequential, benchmark.Graph, pairs);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{model}: {pairs} pairs; Sequential p25 {Quantile(sequential, 0.25):F1} µs, median {Quantile(sequential, 0.5):F1} µs; graph p25 {Quantile(graph, 0.25):F1} µs, median {Quantile(graph, 0.5):F1} µs; ratio of medians {Quantile(graph, 0.5) / Quantile(sequential, 0.5):F3}, of p25 {Quantile(graph, 0.25) / Quantile(sequential, 0.25):F3}"));
            }
            finally
            {
                benchmark.Cleanup();
            }
        }
    }

    /// <summary>The graph step with its dispose scope against the same step disposing its tensors by hand (MLP, where per-step costs show most).</summary>
    private static void DisposeScopeCost(TextWriter output)
    {
        const int Pairs = 4000;
        var benchmark = new TrainingStepBenchmarks { Model = "MLP, batch 32" };
        benchmark.Setup();
        try
        {
            var (scoped, manual) = Interleaved(benchmark.Graph, benchmark.GraphWithoutScope, Pairs);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"dispose scope, MLP batch 32: {Pairs} pairs; graph step with a scope median {Quantile(scoped, 0.5):F1} µs, disposing by hand {Quantile(manual, 0.5):F1} µs; difference {Quantile(scoped, 0.5) - Quantile(manual, 0.5):F1} µs per step, ratio {Quantile(scoped, 0.5) / Quantile(manual, 0.5):F3}"));
        }
        finally
        {
            benchmark.Cleanup();
        }
    }

    /// <summary>
    /// Times two steps back to back, alternating which goes first, after a warm-up of a tenth as many pairs; returns each
    /// side's times sorted (for quantiles).
    /// </summary>
    private static (double[] First, double[] Second) Interleaved(Func<float> first, Func<float> second, int pairs)
    {
        for (int i = 0; i < pairs / 10; i++)
        {
            first();
            second();
        }

        var a = new double[pairs];
        var b = new double[pairs];
        for (int i = 0; i < pairs; i++)
        {
            if (i % 2 == 0)
            {
                a[i] = Time(first);
                b[i] = Time(second);
            }
            else
            {
                b[i] = Time(second);
                a[i] = Time(first);
            }
        }

        Array.Sort(a);
        Array.Sort(b);
        return (a, b);
    }

    private static double Time(Func<float> step)
    {
        long start = Stopwatch.GetTimestamp();
        step();
        return Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }

    private static double Quantile(double[] sorted, double q) => sorted[(int)(q * (sorted.Length - 1))];
}
