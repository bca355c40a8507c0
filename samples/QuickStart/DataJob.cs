using Percepti.Core.Backends;
using System.Globalization;
using Percepti.Core.Data;
using Percepti.Core.Export;
using Percepti.Core.Training;

/// <summary>
/// The main job on the user's own data: load a CSV table (--csv FILE --target COLUMN) or an image folder
/// (--images FOLDER), print the schema and the recommended model, train it with progress, print the test
/// report (in the target's own units for regression) and save the model package.
/// </summary>
internal static class DataJob
{
    public static async Task<int> RunAsync(Dataset data, string target, int? epochs, string? output, IComputeBackend backend)
    {
        PrintSchema(data);
        var prepared = ModelRecommender.PrepareTable(data, target);
        var targetColumn = prepared.Schema[target];
        bool classes = targetColumn.Kind is ColumnKind.Categorical or ColumnKind.Binary;
        var split = prepared.Split(train: 0.7, validation: 0.15, test: 0.15, seed: 42, stratifyBy: classes ? targetColumn.Name : null);
        Console.WriteLine($"Split (seed 42{(classes ? $", stratified by {targetColumn.Label}" : string.Empty)}): {split.Training.Count:N0} training, {split.Validation.Count:N0} validation, {split.Test!.Count:N0} test rows.");
        Console.WriteLine();

        var recommendation = ModelRecommender.Recommend(split);
        var options = (epochs is { } e ? recommendation.Options with { Epochs = e } : recommendation.Options) with { Backend = backend };
        Console.WriteLine($"Recommended model ({recommendation.Task}):");
        foreach (string reason in recommendation.Reasons)
        {
            Console.WriteLine($"  - {reason}");
        }

        Console.WriteLine(recommendation.Graph.Summary());
        // Created, subscribed, then started: a short run cannot end before its events are watched.
        using var run = Trainer.Create(recommendation.Graph, split, options);
        var printed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var progress = run.Events.Subscribe(ev =>
        {
            switch (ev)
            {
                case EpochCompleted epoch:
                    Console.WriteLine($"  {epoch}");
                    break;
                case TrainingFailed failed:
                    Console.WriteLine($"  training failed: {failed.Reason}");
                    printed.TrySetResult();
                    break;
                case TrainingCompleted or TrainingStopped:
                    printed.TrySetResult();
                    break;
            }
        });
        run.Start();
        var result = await run.Completion;
        await printed.Task;   // events arrive on their own thread: let the last epoch line print first
        using var model = result.Model;
        Console.WriteLine(result.StoppedEarly ? $"Stopped early after {result.History.Count} epochs; the best weights were kept." : $"Trained {result.History.Count} epochs.");

        var report = model.Evaluate(split.Test);
        Console.WriteLine();
        Console.WriteLine($"Test set ({split.Test.Count:N0} rows{(recommendation.Task == ModelTask.Regression ? $", errors in the units of {targetColumn.Label}" : string.Empty)}):");
        Console.WriteLine(report);

        string path = output ?? Path.Combine(Path.GetTempPath(), $"{recommendation.Graph.Name}.pmodel");
        model.Save(path, result.FinalMetrics);
        using var predictor = Predictor.Load(path);
        int row = split.TestRows![0];
        var prediction = predictor.PredictRow(RowOf(data, row, predictor.TableColumns));
        string actual = targetColumn.Kind is ColumnKind.Categorical or ColumnKind.Binary
            ? targetColumn.ClassNames[prepared.ReadClass(row, targetColumn.Name)]
            : prepared.Read(row, targetColumn.Name)[0].ToString("G6", CultureInfo.InvariantCulture);
        string predicted = prediction.Top is { } top ? $"{top.ClassName} ({top.Probability:P1})" : prediction.Values[0].ToString("G6", CultureInfo.InvariantCulture);
        Console.WriteLine($"Saved {path}. Its predictor, given row {row} of the data by column name, predicts {targetColumn.Label} = {predicted}; the file says {actual}.");
        return 0;
    }

    /// <summary>One row of the loaded data as a user would pass it: numbers and class names by column name.</summary>
    private static Dictionary<string, object> RowOf(Dataset data, int row, IReadOnlyList<string> columns)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (string name in columns)
        {
            var column = data.Schema[name];
            float[] raw = data.Read(row, column.Name);
            values[name] = column.Kind switch
            {
                ColumnKind.Categorical or ColumnKind.Binary => column.ClassNames[(int)raw[0]],
                ColumnKind.Numeric => raw[0],
                _ => raw,
            };
        }

        return values;
    }

    private static void PrintSchema(Dataset data)
    {
        Console.WriteLine($"Data: {data.Count:N0} rows from {data.Source}");
        Console.WriteLine($"  {"column",-24} {"name (node id)",-24} {"kind",-12} {"shape",-14} {"role",-7} classes");
        foreach (var c in data.Schema.Columns)
        {
            string classes = c.ClassNames.Count == 0 ? string.Empty : string.Join(", ", c.ClassNames.Take(6)) + (c.ClassNames.Count > 6 ? ", …" : string.Empty);
            Console.WriteLine($"  {Short(c.Label),-24} {Short(c.Name),-24} {c.Kind,-12} {c.Shape,-14} {c.Role,-7} {classes}");
        }

        Console.WriteLine();
    }

    private static string Short(string text) => text.Length <= 24 ? text : text[..23] + "…";
}
