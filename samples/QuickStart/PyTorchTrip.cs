using System.Globalization;
using System.Text.Json;
using Percepti.Core.Data;
using Percepti.Core.Export;
using Percepti.Core.Graph;
using Percepti.Core.Training;

/// <summary>
/// The trip to PyTorch's distributed training and back: --export-pytorch DIR writes the project (model.py, train.py,
/// the preprocessed splits); torchrun trains it; --import-pytorch DIR turns its weights into a model package and tests
/// it here, against the predictions PyTorch made.
/// </summary>
internal static class PyTorchTrip
{
    public static int Export(ModelGraph graph, DatasetSplit split, TrainingOptions options, string folder)
    {
        var missing = PyTorchProject.Export(graph, split, options with { CheckpointDirectory = null }, folder);
        Console.WriteLine($"Exported the PyTorch project to {folder} ({split.Training.Count:N0} training, {split.Validation.Count:N0} validation, {split.Test?.Count ?? 0:N0} test rows).");
        foreach (string item in missing)
        {
            Console.WriteLine($"  not reproduced by train.py: {item}");
        }

        Console.WriteLine("Train it with PyTorch (see its README.md), then bring the weights back:");
        Console.WriteLine($"  cd {folder} && torchrun --nproc_per_node=2 train.py");
        Console.WriteLine($"  dotnet run --project samples/QuickStart -- --import-pytorch {folder}");
        return 0;
    }

    public static int Import(string folder, Dataset test)
    {
        string package = Path.Combine(folder, "model.pmodel");
        ModelPackage.FromSafetensors(
            GraphJson.Load(Path.Combine(folder, "graph.json")),
            Preprocessor.FromJson(File.ReadAllText(Path.Combine(folder, "preprocessing.json"))),
            Path.Combine(folder, "weights.safetensors"),
            package);
        using var predictor = Predictor.Load(package);
        int[] predicted = [.. Enumerable.Range(0, test.Count).Select(r => predictor.Predict(test.Read(r, "image")).Top!.Index)];
        double accuracy = Enumerable.Range(0, test.Count).Count(r => predicted[r] == test.ReadClass(r, "label")) / (double)test.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Built {package} from the PyTorch weights; its predictor's test accuracy: {accuracy:P2} ({test.Count:N0} images)."));
        string pytorchPredictions = Path.Combine(folder, "test_predictions.json");
        if (File.Exists(pytorchPredictions))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(pytorchPredictions));
            int[] theirs = [.. document.RootElement.GetProperty("classes").EnumerateArray().Select(c => c.GetInt32())];
            int same = predicted.Zip(theirs).Count(p => p.First == p.Second);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"It agrees with PyTorch's own predictions on {same:N0} of {theirs.Length:N0} test images ({(double)same / theirs.Length:P2})."));
        }

        return 0;
    }
}
