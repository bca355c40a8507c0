using Percepti.Core.Backends;
using System.Globalization;
using Percepti.Core.Components;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Data;
using Percepti.Core.Export;
using Percepti.Core.Graph;
using Percepti.Core.Preview;
using Percepti.Core.Training;

// The main job, on the seed CNN: load Fashion-MNIST (the bundled subset, or the full dataset with
// --data DIR), build the model with the fluent API, print its summary, preview every component on
// the first training image, edit it like a UI would (only what changed reruns) and undo, save it as
// JSON, then train it with live progress and test it. Options: --data DIR, --epochs N, --batch N, --backend B.
// --export-pytorch DIR writes it as a PyTorch project for torchrun instead of training; --import-pytorch DIR
// turns that project's trained weights into a model package and tests it (see PyTorchTrip). --visuals-png FILE
// draws the first convolution's feature maps of the sample after the first and the last epoch.
// With --csv FILE --target COLUMN or --images FOLDER it runs the main job on that data instead.
// The same main job on your own data: a CSV table or an image folder (see DataJob).
int? epochsOption = Option("--epochs") is { } given ? int.Parse(given, CultureInfo.InvariantCulture) : null;

// Where to train: --backend cpu|cuda|auto (auto, the default, takes CUDA device 0 when it is usable).
IComputeBackend? chosen = (Option("--backend") ?? "auto").ToLowerInvariant() switch
{
    "cpu" => ComputeBackend.Cpu,
    "cuda" => ComputeBackend.Cuda(),
    "auto" => ComputeBackend.Auto,
    _ => null,
};
if (chosen is not { } backend)
{
    Console.Error.WriteLine($"--backend {Option("--backend")}: use cpu, cuda or auto.");
    return 2;
}

if (!backend.Availability.IsAvailable)
{
    Console.Error.WriteLine($"The {backend.Name} backend cannot be used: {backend.Availability.Reason}");
    return 2;
}

Console.WriteLine($"Training on {backend.Name} ({backend.Availability.Reason}).");
if (Option("--csv") is { } csvPath)
{
    string target = Option("--target") ?? throw new ArgumentException("--csv needs --target COLUMN: the column to predict.");
    return await DataJob.RunAsync(CsvDataset.Load(csvPath), target, epochsOption, Option("--output"), backend);
}

if (Option("--images") is { } imageFolder)
{
    return await DataJob.RunAsync(ImageFolderDataset.Load(imageFolder), "label", epochsOption, Option("--output"), backend);
}

string dataDirectory = Option("--data") ?? Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist");
int epochs = int.Parse(Option("--epochs") ?? "8", CultureInfo.InvariantCulture);
int batchSize = int.Parse(Option("--batch") ?? "64", CultureInfo.InvariantCulture);
if (Option("--import-pytorch") is { } importFolder)
{
    return PyTorchTrip.Import(importFolder, FashionMnist.Load(dataDirectory, test: true));
}

var dataset = FashionMnist.Load(dataDirectory);
var split = dataset.Split(train: 0.8, validation: 0.2, seed: 42, stratifyBy: "label");
Console.WriteLine($"Data: {dataset.Count:N0} images from {dataDirectory}: {split.Training.Count:N0} for training, {split.Validation.Count:N0} for validation; classes {string.Join(", ", dataset.Schema["label"].ClassNames)}.");
Console.WriteLine();

var graph = ModelGraph.Create("fashion-cnn", g =>
{
    var image = g.Input("image", TensorShape.Of(1, 28, 28));
    var label = g.Target("label", classes: 10);
    var logits = image
        .Conv2D(32, kernel: 3, activation: Activation.ReLU)
        .MaxPool2D(2)
        .Conv2D(64, 3, Activation.ReLU)
        .MaxPool2D(2)
        .Conv2D(64, 3, Activation.ReLU)
        .Flatten()
        .Dense(64, Activation.ReLU)
        .Dense(10);
    g.Classification(logits, label);
});
Console.WriteLine(graph.Summary());

var sample = split.Training.ToPreviewSample(id: "train[0]");
Console.WriteLine($"The first training image is a {FashionMnist.ClassNames[split.Training.ReadClass(0, "label")]}.");
using var document = new GraphDocument(graph);
using var previews = new PreviewEngine(document, sample);
var snapshot = await previews.StabilizeAsync();
Console.WriteLine($"Preview of every component on sample '{sample.Id}' (version {snapshot.Version}):");
PrintPreviews(document.Current, snapshot);

var before = previews.Counters;
document.UpdateSettings<ConvolutionSettings>("conv2d_3", s => s with { Filters = 32 });
snapshot = await previews.StabilizeAsync();
var reran = previews.Counters.Executions.Where(e => e.Value > before.Executions.GetValueOrDefault(e.Key)).Select(e => e.Key.Value);
Console.WriteLine($"Edited conv2d_3 (64 -> 32 filters): reran {string.Join(", ", reran)}; {snapshot.Previews[new NodeId("dense_1")].ParameterCount:N0} parameters in dense_1 now.");

before = previews.Counters;
document.Undo();
snapshot = await previews.StabilizeAsync();
Console.WriteLine($"Undo: {previews.Counters.TotalExecutions - before.TotalExecutions} components reran (served from cache).");

string path = Path.Combine(Path.GetTempPath(), "fashion-cnn.graph.json");
GraphJson.Save(document.Current, path);
Console.WriteLine($"Saved to {path}; reloaded graph equals the original: {GraphJson.Load(path).Equals(graph)}");

// Train: a progress bar from batch events, one line per epoch, then the test report.
var testSet = FashionMnist.Load(dataDirectory, test: true);
var options = new TrainingOptions
{
    Epochs = epochs,
    BatchSize = batchSize,
    Optimizer = OptimizerKind.Adam,
    LearningRate = 2e-3,
    Schedule = LearningRateSchedule.Cosine,
    Seed = 42,
    CheckpointDirectory = Path.Combine(Path.GetTempPath(), "fashion-cnn.checkpoints"),
    Preprocessing = new Dictionary<string, ColumnPreprocessing> { ["image"] = new() { Normalization = NormalizationMode.Standardize } },
    Backend = backend,
};
if (Option("--export-pytorch") is { } exportFolder)
{
    return PyTorchTrip.Export(document.Current, split.WithTest(testSet), options, exportFolder);
}

Console.WriteLine($"Training for {epochs} epochs, batch {batchSize}, Adam with a cosine schedule:");
using var run = Trainer.Create(document.Current, split, options);
var visualsSummary = new VisualsSummary();
string? visualsLine = null;
using var progress = run.Events.Subscribe(e =>
{
    switch (e)
    {
        case ComponentVisuals visuals:
            visualsLine = visualsSummary.Add(visuals) ?? visualsLine;
            break;
        case BatchCompleted b when !Console.IsOutputRedirected:
            int width = 30, done = (int)Math.Round(width * b.Batch / (double)Math.Max(1, (split.Training.Count + batchSize - 1) / batchSize));
            Console.Write(string.Create(CultureInfo.InvariantCulture, $"\r  epoch {b.Epoch}/{epochs} [{new string('#', Math.Min(done, width)).PadRight(width)}] loss {b.Loss:F3} {b.SamplesPerSecond,6:F0} samples/s"));
            break;
        case EpochCompleted ep:
            Console.WriteLine((Console.IsOutputRedirected ? $"  {ep}" : $"\r  {ep}").PadRight(100));
            if (visualsLine is { } line)
            {
                Console.WriteLine(line);
                visualsLine = null;
            }

            break;
        case TrainingFailed f:
            Console.WriteLine($"\n  training failed: {f.Reason}");
            break;
    }
});
run.Start();
var result = await run.Completion;
using var model = result.Model;
if (Option("--visuals-png") is { } picture && visualsSummary.First is { } firstVisuals && visualsSummary.Last is { } lastVisuals)
{
    // The first convolution's feature maps of the sample, first epoch on the left, last on the right.
    var firstConvolution = firstVisuals.Components.First(c => c.Visual?.Kind == PreviewVisualKind.FeatureMaps && c.NodeId.Value.StartsWith("conv", StringComparison.Ordinal)).NodeId;
    FeatureMapPicture.Save(picture, firstVisuals.Components.Single(c => c.NodeId == firstConvolution).Visual!, lastVisuals.Components.Single(c => c.NodeId == firstConvolution).Visual!);
    Console.WriteLine($"Wrote {picture}: {firstConvolution}'s feature maps of {firstVisuals.SampleId} after epoch {firstVisuals.Epoch} (left) and epoch {lastVisuals.Epoch} (right).");
}

var report = model.Evaluate(testSet);
Console.WriteLine();
Console.WriteLine($"Test set ({testSet.Count:N0} images from {dataDirectory}):");
Console.WriteLine(report);
Console.WriteLine($"Checkpoint (weights, optimizer, history; Trainer.Resume continues from it): {Path.Combine(options.CheckpointDirectory, "last.pckpt")}");

// Save the model as one package and use it as an application would.
string packagePath = Path.Combine(Path.GetTempPath(), "fashion-cnn.pmodel");
model.Save(packagePath, result.FinalMetrics);
using var predictor = Predictor.Load(packagePath);
var prediction = predictor.Predict(testSet.Read(0, "image"));
Console.WriteLine($"Saved {packagePath}; its predictor reads test image 0 as '{prediction.Top!.ClassName}' ({prediction.Top.Probability:P1}); the label says '{FashionMnist.ClassNames[testSet.ReadClass(0, "label")]}'.");

// Export it for other runtimes and as code to read and tweak.
string onnxPath = Path.Combine(Path.GetTempPath(), "fashion-cnn.onnx");
model.ExportOnnx(onnxPath);
string codePath = Path.Combine(Path.GetTempPath(), "FashionCnnModel.cs");
File.WriteAllText(codePath, CodeView.CSharp(graph));
model.SaveWeights(Path.Combine(Path.GetTempPath(), "fashion-cnn.weights.bin"));
Console.WriteLine($"Exported {onnxPath} ({new FileInfo(onnxPath).Length:N0} bytes; takes raw pixels) and {codePath} (a TorchSharp module that loads fashion-cnn.weights.bin).");
return 0;

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

static void PrintPreviews(ModelGraph graph, PreviewSnapshot snapshot)
{
    Console.WriteLine($"{"Component",-18} {"Status",-9} {"Output",-14} {"Min",9} {"Mean",9} {"Max",9} {"Zeros",6} {"Visual",-15} {"ms",6}");
    foreach (var id in graph.Analyze().TopologicalOrder)
    {
        var p = snapshot.Previews[id];
        var s = p.Statistics;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{id.Value,-18} {p.Status,-9} {p.OutputShape,-14} {s?.Minimum,9:F3} {s?.Mean,9:F3} {s?.Maximum,9:F3} {s?.ZeroFraction,6:P0} {p.Visual?.Kind,-15} {p.Elapsed.TotalMilliseconds,6:F1}"));
    }

    Console.WriteLine();
}
