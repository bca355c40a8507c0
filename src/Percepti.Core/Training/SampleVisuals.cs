using System.Diagnostics;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Data;
using Percepti.Core.Graph;
using Percepti.Core.Preview;
using static TorchSharp.torch;

namespace Percepti.Core.Training;

/// <summary>
/// What every component of a training run computes on one fixed training row with the weights of the moment, as
/// the preview engine shows it (<see cref="ComponentVisuals"/>). It must leave training exactly as it was: the model
/// runs in eval mode (BatchNorm keeps its running statistics, dropout draws nothing), without gradients, or with
/// gradients taken only with respect to the components' outputs (no parameter's <c>.grad</c> changes), and the mode
/// is restored after.
/// </summary>
internal sealed class SampleVisuals : IDisposable
{
    private readonly Dictionary<string, Tensor> _sample;
    private readonly GraphAnalysis _analysis;
    private readonly ModelGraph _graph;
    private readonly PreviewOptions _previewOptions = new();

    private SampleVisuals(ModelGraph graph, Dictionary<string, Tensor> sample, string sampleId)
    {
        _graph = graph;
        _analysis = graph.Analyze();
        _sample = sample;
        SampleId = sampleId;
    }

    /// <summary>The row, as events name it (e.g. <c>train[0]</c>).</summary>
    public string SampleId { get; }

    /// <summary>Prepares one training row as the model receives it (preprocessed, no augmentation), on the device.</summary>
    public static SampleVisuals Create(ModelGraph graph, Dataset training, int row, Preprocessor preprocessor, Device device)
    {
        var loader = new DataLoader(training.Subset([row]), preprocessor, new DataLoaderOptions { BatchSize = 1, Shuffle = false });
        var tensors = loader.ReadEpoch(0).First().ToTensors(device);
        foreach (var tensor in tensors.Values)
        {
            tensor.DetachFromDisposeScope();
        }

        return new SampleVisuals(graph, tensors, $"train[{row}]");
    }

    /// <summary>Runs the sample through the model; with <paramref name="gradients"/>, also the loss's gradient magnitude at each output.</summary>
    /// <returns>A preview per component in graph order, and the gradient magnitudes (null without gradients).</returns>
    public (List<ComponentPreview> Components, Dictionary<NodeId, double>? Gradients) Compute(GraphModule model, bool gradients)
    {
        var clock = Stopwatch.StartNew();
        bool training = model.training;
        model.eval();
        try
        {
            using var scope = NewDisposeScope();
            IReadOnlyDictionary<NodeId, Tensor> outputs;
            Dictionary<NodeId, double>? magnitudes = null;
            if (gradients)
            {
                using var grad = enable_grad();
                outputs = model.Run(_sample, null);
                magnitudes = GradientMagnitudes(model, outputs);
            }
            else
            {
                using var inference = inference_mode();
                outputs = model.Run(_sample, null);
            }

            var components = new List<ComponentPreview>();
            foreach (var id in _analysis.TopologicalOrder)
            {
                if (outputs.TryGetValue(id, out var output))
                {
                    components.Add(Preview(id, output));
                }
            }

            // Spread over the components, as the preview engine reports each one's time.
            var each = clock.Elapsed / Math.Max(1, components.Count);
            return ([.. components.Select(c => c with { Elapsed = each })], magnitudes);
        }
        finally
        {
            if (training)
            {
                model.train();
            }
        }
    }

    /// <summary>The mean absolute gradient of the loss with respect to each component's output: where the signal dies.</summary>
    private static Dictionary<NodeId, double> GradientMagnitudes(GraphModule model, IReadOnlyDictionary<NodeId, Tensor> outputs)
    {
        var loss = model.Loss(outputs);
        var nodes = outputs.Where(o => o.Value.requires_grad && !model.Heads.Contains(o.Key)).Select(o => o.Key).ToList();
        if (nodes.Count == 0)
        {
            return [];
        }

        var grads = autograd.grad([loss], [.. nodes.Select(n => outputs[n])], allow_unused: true);
        var means = stack([.. grads.Select(g => g is null ? zeros(1).squeeze() : g.abs().mean().to(ScalarType.Float32))]).cpu().data<float>().ToArray();
        return nodes.Select((n, i) => (n, (double)means[i])).ToDictionary(p => p.n, p => p.Item2);
    }

    private ComponentPreview Preview(NodeId id, Tensor output)
    {
        var info = _analysis.Nodes[id];
        var node = _graph[id];
        var shape = info.OutputShape!;

        // Class indices (what a target of classes carries in training) are shown as the one-hot row previews show.
        var value = node.Settings is TargetSettings { Classes: > 0 } target && !output.is_floating_point() && output.dim() == 1
            ? nn.functional.one_hot(output.to(ScalarType.Int64), target.Classes)
            : output;
        float[] values = value.detach().to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
        return OutputPreview.Of(id, 0, info.Kind!, node.Settings, shape, values, info.ParameterCount, [], _previewOptions);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var tensor in _sample.Values)
        {
            tensor.Dispose();
        }
    }
}
