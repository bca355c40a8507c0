namespace Percepti.Core.Training;

/// <summary>Classification and regression metrics from managed predictions.</summary>
internal static class Metrics
{
    /// <summary>Accuracy, top-5, per-class P/R/F1 and the confusion matrix from scores (rows × classes) and true classes.</summary>
    public static EvaluationReport Classification(ReadOnlySpan<float> scores, IReadOnlyList<int> truth, IReadOnlyList<string> classNames, double loss)
    {
        int classes = classNames.Count;
        int n = truth.Count;
        var confusion = new int[classes][];
        for (int c = 0; c < classes; c++)
        {
            confusion[c] = new int[classes];
        }

        int correct = 0, topFive = 0;
        for (int i = 0; i < n; i++)
        {
            var row = scores.Slice(i * classes, classes);
            int predicted = 0;
            for (int c = 1; c < classes; c++)
            {
                if (row[c] > row[predicted])
                {
                    predicted = c;
                }
            }

            int actual = truth[i];
            confusion[actual][predicted]++;
            correct += predicted == actual ? 1 : 0;

            // The true class is in the top five when fewer than five classes score higher.
            int higher = 0;
            for (int c = 0; c < classes; c++)
            {
                higher += row[c] > row[actual] ? 1 : 0;
            }

            topFive += higher < 5 ? 1 : 0;
        }

        var perClass = new List<ClassMetrics>();
        for (int c = 0; c < classes; c++)
        {
            int truePositive = confusion[c][c];
            int predictedAs = Enumerable.Range(0, classes).Sum(r => confusion[r][c]);
            int support = confusion[c].Sum();
            double precision = predictedAs == 0 ? 0 : (double)truePositive / predictedAs;
            double recall = support == 0 ? 0 : (double)truePositive / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.Add(new ClassMetrics(classNames[c], precision, recall, f1, support));
        }

        return new EvaluationReport
        {
            Samples = n,
            Loss = loss,
            Accuracy = n == 0 ? 0 : (double)correct / n,
            TopFiveAccuracy = n == 0 ? 0 : (double)topFive / n,
            Classes = perClass,
            ConfusionMatrix = confusion,
        };
    }

    /// <summary>MAE, MSE, RMSE and R² of predictions against targets (flattened).</summary>
    public static EvaluationReport Regression(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, int samples, double loss)
    {
        double absolute = 0, squared = 0, mean = 0;
        for (int i = 0; i < targets.Length; i++)
        {
            mean += targets[i];
        }

        mean /= Math.Max(targets.Length, 1);
        double total = 0;
        for (int i = 0; i < targets.Length; i++)
        {
            double error = predictions[i] - targets[i];
            absolute += Math.Abs(error);
            squared += error * error;
            total += (targets[i] - mean) * (targets[i] - mean);
        }

        int count = Math.Max(targets.Length, 1);
        return new EvaluationReport
        {
            Samples = samples,
            Loss = loss,
            MeanAbsoluteError = absolute / count,
            MeanSquaredError = squared / count,
            RootMeanSquaredError = Math.Sqrt(squared / count),
            RSquared = total == 0 ? 0 : 1 - (squared / total),
        };
    }
}
