using System.Globalization;
using Percepti.Core.Components;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Data;
using Percepti.Core.Graph;
using Percepti.Core.Preview;

// The tour of Percepti.Core on the seed CNN: load Fashion-MNIST (the bundled subset, or the full
// dataset with --data DIR), build the model with the fluent API, print its summary, preview every
// component on the first training image, edit it like a UI would (only what changed reruns), undo,
// and save/load it as JSON.
string dataDirectory = args.SkipWhile(a => a != "--data").Skip(1).FirstOrDefault()
    ?? Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist");
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
