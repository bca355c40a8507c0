using Percepti.Core.Components;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Graph;
using Percepti.Core.Training;
using static TorchSharp.torch;

namespace Percepti.Core.Hostile;

/// <summary>
/// Mutated graph documents: each must either be refused with a <see cref="GraphJsonException"/>, or load,
/// analyze and summarize without throwing; a valid one must compile (or be refused with a
/// <see cref="GraphValidationException"/>) and run a forward pass.
/// </summary>
internal static class GraphCorpus
{
    /// <summary>Tight limits, so a mutation that makes a graph huge is refused rather than allocated.</summary>
    private static readonly GraphLimits Limits = new() { MaxParameters = 2_000_000, MaxOutputBytes = 8L << 20, MaxSampleBytes = 64L << 20 };

    public static void Run(int seed, int count, Report report)
    {
        string[] bases = [.. Bases().Select(GraphJson.Serialize)];
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            string original = bases[i % bases.Length];
            var (json, mutation) = Mutations.Json(original, random);
            report.Case("graph", $"#{i} ({mutation} of base {i % bases.Length})", () => Check(json, forward: i % 4 == 0, report), typeof(GraphJsonException), typeof(GraphValidationException));
        }
    }

    private static void Check(string json, bool forward, Report report)
    {
        var graph = GraphJson.Deserialize(json);
        var analysis = graph.Analyze(Limits);
        _ = graph.Summary();
        if (!analysis.IsValid)
        {
            report.Outcome($"graph with diagnostics ({string.Join(", ", analysis.Errors.Select(e => e.Code).Distinct().Order(StringComparer.Ordinal))})");
            return;
        }

        using var module = GraphModule.Compile(graph, seed: 1, Limits);
        report.Outcome("graph compiled");
        if (!forward)
        {
            return;
        }

        // A graph that validates must run: inputs of the inferred shapes, class indices for class targets.
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        module.eval();
        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var id in module.Inputs.Concat(module.Targets))
        {
            var node = graph[id];
            var shape = analysis.Nodes[id].OutputShape!;
            values[id.Value] = node.Settings is TargetSettings { Classes: > 0 } target
                ? randint(0, target.Classes, [2])
                : rand(shape.ToInt64Array(batch: 2));
        }

        _ = module.Run(values);
        report.Outcome("graph ran forward");
    }

    private static IEnumerable<ModelGraph> Bases()
    {
        yield return ModelGraph.Create("cnn", g =>
        {
            var logits = g.Input("image", TensorShape.Of(1, 28, 28)).Conv2D(8, 3, Activation.ReLU).MaxPool2D(2).Conv2D(8, 3, Activation.ReLU).Flatten().Dense(16, Activation.ReLU).Dense(10);
            g.Classification(logits, g.Target("label", classes: 10));
        });
        yield return ModelGraph.Create("residual", g =>
        {
            var stem = g.Input("image", TensorShape.Of(3, 16, 16)).Conv2D(4, 3, Activation.ReLU, padding: ConvolutionPadding.Same);
            var branch = stem.Conv2D(4, 3, padding: ConvolutionPadding.Same).BatchNorm();
            var joined = g.Concat(stem.Add(branch).Activate(Activation.ReLU), stem, axis: 0);
            g.Classification(joined.GlobalAvgPool2D().Dropout(0.2).Dense(4), g.Target("label", classes: 4));
        });
        yield return ModelGraph.Create("table", g =>
        {
            var x = g.Input("features", TensorShape.Of(12));
            var output = x.Dense(8, name: "linear").Add(x.Dense(16, Activation.GELU).LayerNorm().Dense(8), name: "output");
            g.Regression(output, g.Target("y", TensorShape.Of(8)), RegressionLoss.Huber);
        });
        yield return ModelGraph.Create("sequence", g =>
        {
            var sequence = g.Input("series", TensorShape.Of(10, 4)).LSTM(8, returnSequences: true).GRU(6);
            g.Classification(sequence.Dense(3), g.Target("label", classes: 3));
        });
        yield return ModelGraph.Create("tokens", g =>
        {
            var embedded = g.Input("tokens", TensorShape.Of(6)).Embedding(20, 4).Flatten().Dense(2);
            g.Classification(embedded, g.Target("label", classes: 2), labelSmoothing: 0.1);
        });
        yield return ModelGraph.Create("processing", g =>
        {
            var image = g.Input("photo", TensorShape.Of(3, 20, 20)).Rescale(16, 16).Grayscale().Normalize();
            var signal = image.Reshape(16, 16).Conv1D(4, 3, Activation.Tanh).MaxPool1D(2).Permute(1, 0).Flatten();
            g.Regression(signal.Dense(1), g.Target("value", TensorShape.Of(1)), RegressionLoss.MeanAbsoluteError);
        });
    }
}
