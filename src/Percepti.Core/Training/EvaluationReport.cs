using System.Globalization;
using System.Text;

namespace Percepti.Core.Training;

/// <summary>How a trained model does on held-out rows.</summary>
public sealed record EvaluationReport
{
    /// <summary>Rows evaluated.</summary>
    public int Samples { get; init; }

    /// <summary>The mean loss of the heads.</summary>
    public double Loss { get; init; }

    /// <summary>Classification: the fraction of rows whose top class is right.</summary>
    public double? Accuracy { get; init; }

    /// <summary>Classification: the fraction of rows whose class is among the five top scores.</summary>
    public double? TopFiveAccuracy { get; init; }

    /// <summary>Classification: per-class precision, recall and F1.</summary>
    public IReadOnlyList<ClassMetrics> Classes { get; init; } = [];

    /// <summary>Classification: counts of rows by true class (row) and predicted class (column).</summary>
    public IReadOnlyList<IReadOnlyList<int>> ConfusionMatrix { get; init; } = [];

    /// <summary>Regression: mean absolute error.</summary>
    public double? MeanAbsoluteError { get; init; }

    /// <summary>Regression: mean squared error.</summary>
    public double? MeanSquaredError { get; init; }

    /// <summary>Regression: root mean squared error.</summary>
    public double? RootMeanSquaredError { get; init; }

    /// <summary>Regression: coefficient of determination.</summary>
    public double? RSquared { get; init; }

    /// <summary>A readable report: the metrics, the per-class table and the confusion matrix.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.Append(culture, $"{Samples:N0} samples, loss {Loss:F4}");
        if (Accuracy is { } accuracy)
        {
            text.Append(culture, $", accuracy {accuracy:P2}, top-5 {TopFiveAccuracy:P2}");
        }

        if (MeanAbsoluteError is { } mae)
        {
            text.Append(culture, $", MAE {mae:G4}, MSE {MeanSquaredError:G4}, RMSE {RootMeanSquaredError:G4}, R² {RSquared:F4}");
        }

        text.AppendLine();
        if (Classes.Count > 0)
        {
            int width = Math.Max(5, Classes.Max(c => c.ClassName.Length));
            text.AppendLine(culture, $"{"class".PadRight(width)}  precision  recall      f1  support");
            foreach (var c in Classes)
            {
                text.AppendLine(culture, $"{c.ClassName.PadRight(width)}  {c.Precision,9:F3}  {c.Recall,6:F3}  {c.F1,6:F3}  {c.Support,7}");
            }

            text.AppendLine("confusion matrix (rows: true class, columns: predicted)");
            foreach (var row in ConfusionMatrix)
            {
                text.AppendLine(string.Join(" ", row.Select(v => v.ToString(culture).PadLeft(5))));
            }
        }

        return text.ToString();
    }
}
