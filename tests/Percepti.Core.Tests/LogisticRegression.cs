namespace Percepti.Core.Tests;

/// <summary>
/// The baseline a table model must match: multinomial logistic regression on standardized features, trained by
/// full-batch gradient descent in plain C# (no Percepti.Core, no TorchSharp).
/// </summary>
internal sealed class LogisticRegression
{
    private readonly double[] _mean;
    private readonly double[] _scale;
    private readonly double[,] _weights;
    private readonly double[] _bias;

    private LogisticRegression(double[] mean, double[] scale, double[,] weights, double[] bias)
    {
        _mean = mean;
        _scale = scale;
        _weights = weights;
        _bias = bias;
    }

    public static LogisticRegression Fit(IReadOnlyList<double[]> x, IReadOnlyList<int> y, int classes, int iterations = 500, double learningRate = 0.5)
    {
        int n = x.Count, d = x[0].Length;
        var mean = new double[d];
        var scale = new double[d];
        for (int j = 0; j < d; j++)
        {
            mean[j] = x.Average(row => row[j]);
            double std = Math.Sqrt(x.Average(row => (row[j] - mean[j]) * (row[j] - mean[j])));
            scale[j] = std > 1e-12 ? 1 / std : 1;
        }

        var model = new LogisticRegression(mean, scale, new double[classes, d], new double[classes]);
        var z = x.Select(model.Standardize).ToList();
        for (int step = 0; step < iterations; step++)
        {
            var gradW = new double[classes, d];
            var gradB = new double[classes];
            for (int i = 0; i < n; i++)
            {
                var p = model.Probabilities(z[i]);
                for (int c = 0; c < classes; c++)
                {
                    double error = p[c] - (y[i] == c ? 1 : 0);
                    gradB[c] += error;
                    for (int j = 0; j < d; j++)
                    {
                        gradW[c, j] += error * z[i][j];
                    }
                }
            }

            for (int c = 0; c < classes; c++)
            {
                model._bias[c] -= learningRate * gradB[c] / n;
                for (int j = 0; j < d; j++)
                {
                    model._weights[c, j] -= learningRate * gradW[c, j] / n;
                }
            }
        }

        return model;
    }

    public int Predict(double[] x)
    {
        var p = Probabilities(Standardize(x));
        return Array.IndexOf(p, p.Max());
    }

    public double Accuracy(IReadOnlyList<double[]> x, IReadOnlyList<int> y) =>
        Enumerable.Range(0, x.Count).Count(i => Predict(x[i]) == y[i]) / (double)x.Count;

    private double[] Standardize(double[] x) => [.. x.Select((v, j) => (v - _mean[j]) * _scale[j])];

    private double[] Probabilities(double[] z)
    {
        int classes = _bias.Length;
        var logits = new double[classes];
        for (int c = 0; c < classes; c++)
        {
            logits[c] = _bias[c];
            for (int j = 0; j < z.Length; j++)
            {
                logits[c] += _weights[c, j] * z[j];
            }
        }

        double max = logits.Max();
        double sum = logits.Sum(v => Math.Exp(v - max));
        return [.. logits.Select(v => Math.Exp(v - max) / sum)];
    }
}
