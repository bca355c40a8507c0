using Percepti.Core.Components;
using Percepti.Core.Graph;
using TorchSharp;

// Builds the seed CNN with the fluent API, shows its summary and what a visual editor would do
// with it (an edit, undo, JSON round trip), and runs each component once on a random sample.
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

using var document = new GraphDocument(graph);
using var subscription = document.Changes.Subscribe(change => Console.WriteLine($"v{change.Version} {change.Kind}: {change.Description}"));
document.UpdateSettings<Percepti.Core.Components.Kinds.ConvolutionSettings>("conv2d_1", s => s with { Filters = 16 });
Console.WriteLine($"After the edit: {document.Current.Analyze().TotalParameters:N0} parameters");
document.Undo();
Console.WriteLine($"After undo:     {document.Current.Analyze().TotalParameters:N0} parameters");

string path = Path.Combine(Path.GetTempPath(), "fashion-cnn.graph.json");
GraphJson.Save(document.Current, path);
var loaded = GraphJson.Load(path);
Console.WriteLine($"Saved to {path}; reloaded graph equals the original: {loaded.Equals(graph)}");

// Run every component once on a random sample, in topological order, to show real shapes.
var analysis = graph.Analyze();
var outputs = new Dictionary<NodeId, torch.Tensor>();
using (torch.NewDisposeScope())
using (torch.no_grad())
{
    torch.manual_seed(42);
    foreach (var id in analysis.TopologicalOrder)
    {
        var node = graph[id];
        var info = analysis.Nodes[id];
        var kind = info.Kind!;
        using var module = kind.Build(node.Settings, [.. info.InputShapes.Select(s => s!)]);
        module.eval();
        var inputs = kind.IsSource
            ? [node.Kind == "Target" ? torch.tensor(new long[] { 3 }) : torch.rand(info.OutputShape!.ToInt64Array(batch: 1))]
            : graph.InputsOf(id)
                .OrderBy(c => kind.GetInputPorts(node.Settings).ToList().FindIndex(p => p.Name == c.To.Port))
                .Select(c => outputs[c.From.Node])
                .ToList();
        outputs[id] = module.call(inputs);
        Console.WriteLine($"{node.Label,-16} {node.Kind,-15} -> [{string.Join(", ", outputs[id].shape)}]");
    }
}
