using System.Globalization;
using System.Text;

namespace Percepti.Core.Tests;

/// <summary>CSV tables like the ones users bring, written by tests, with the truth behind them.</summary>
internal static class Tables
{
    /// <summary>y = 150 + 50·x + noise (σ = 0.5), x in [0, 10], plus an unrelated column with an awkward name.</summary>
    public static string Linear(string path, int rows = 400, int seed = 1)
    {
        var random = new Random(seed);
        var text = new StringBuilder("x (cm),noise/level,y\n");
        for (int r = 0; r < rows; r++)
        {
            double x = random.NextDouble() * 10;
            double y = 150 + (50 * x) + (0.5 * Gaussian(random));
            text.Append(CultureInfo.InvariantCulture, $"{x:R},{random.NextDouble():R},{y:R}\n");
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>The true y of a row of <see cref="Linear"/>, without noise.</summary>
    public static double LinearTruth(double x) => 150 + (50 * x);

    /// <summary>
    /// Three classes (labels 0, 1, 2) in <paramref name="features"/> numeric columns whose scales run from 1e-3
    /// to 1e4, with overlapping class clouds (a linear model gets most but not all right), and column names
    /// that are not node ids.
    /// </summary>
    public static string ThreeClasses(string path, int rows = 600, int features = 32, int seed = 2)
    {
        var random = new Random(seed);
        double[] scales = [.. Enumerable.Range(0, features).Select(j => Math.Pow(10, -3 + (7.0 * j / (features - 1))))];
        double[][] centres = [.. Enumerable.Range(0, 3).Select(_ => scales.Select(s => 0.35 * s * Gaussian(random)).ToArray())];
        var names = Enumerable.Range(0, features).Select(j => (j % 3) switch { 0 => $"od280/od315 {j}", 1 => $"feature {j}", _ => $"température_{j}" });
        var text = new StringBuilder(string.Join(",", names) + ",label\n");
        for (int r = 0; r < rows; r++)
        {
            int label = r % 3;
            text.AppendJoin(",", Enumerable.Range(0, features).Select(j => (centres[label][j] + (scales[j] * Gaussian(random))).ToString("R", CultureInfo.InvariantCulture)));
            text.Append(CultureInfo.InvariantCulture, $",{label}\n");
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
