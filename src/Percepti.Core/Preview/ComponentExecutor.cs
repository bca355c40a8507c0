using System.Diagnostics;
using Percepti.Core.Components;
using Percepti.Core.Graph;
using static TorchSharp.torch;

namespace Percepti.Core.Preview;

/// <summary>
/// Runs one component on the preview sample (or on its inputs' cached outputs) and turns the result into a cache
/// entry: the output tensor, which the entry owns, and the plain-data preview. A failing component becomes an
/// error preview, never an exception. Used only from the preview engine's worker thread.
/// </summary>
internal sealed class ComponentExecutor : IDisposable
{
    private readonly PreviewSample _sample;
    private readonly PreviewOptions _options;
    private readonly Device _device;

    public ComponentExecutor(PreviewSample sample, PreviewOptions options, Device device)
    {
        _sample = sample;
        _options = options;
        _device = device;
        Modules = new ModuleCache(options.MaxCachedModules, options.Seed, device);
    }

    /// <summary>The built modules, kept across runs so unchanged components are not rebuilt.</summary>
    public ModuleCache Modules { get; }

    /// <summary>Computes a component's preview; the returned entry owns its output tensor.</summary>
    public PreviewCacheEntry Execute(GraphNode node, ComponentKind kind, NodeAnalysis info, List<Tensor> inputs, PreviewKey key, long version)
    {
        var stopwatch = Stopwatch.StartNew();
        Tensor? output = null;
        try
        {
            var shapes = info.InputShapes.Select(s => s!).ToList();
            var built = Modules.GetOrBuild(node, kind, shapes);
            float[] values;
            using (NewDisposeScope())
            using (no_grad())
            {
                var arguments = kind.IsSource ? [SourceTensor(node, info.OutputShape!)] : inputs;
                var result = built.Module.call(arguments);
                if (!kind.IsHead && !result.shape.Skip(1).SequenceEqual(info.OutputShape!.ToInt64Array()))
                {
                    throw new InvalidOperationException($"{kind.Name} produced shape ({string.Join(", ", result.shape.Skip(1))}) but its shape inference says {info.OutputShape}.");
                }

                using var flat = result.detach().to(ScalarType.Float32).cpu().contiguous();
                values = flat.data<float>().ToArray();
                output = result.detach().DetachFromDisposeScope();
            }

            var preview = OutputPreview.Of(node.Id, version, kind, node.Settings, info.OutputShape!, values, built.ParameterCount, built.Weights, _options);
            preview = preview with { Elapsed = stopwatch.Elapsed };
            long bytes = (output.numel() * output.element_size()) + (preview.Visual!.Values.Length * sizeof(float)) + (values.Length > 0 ? 256 : 0);
            var entry = new PreviewCacheEntry(key, output, preview, bytes);
            output = null;
            return entry;
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
        {
            // Errors are values: the component shows its error, descendants show they are blocked. Not cached.
            output?.Dispose();
            var failed = PreviewPlanner.Failed(node.Id, version, info.OutputShape, exception.Message);
            return new PreviewCacheEntry(key, empty(0), failed, 0) { IsCacheable = false };
        }
    }

    private Tensor SourceTensor(GraphNode node, TensorShape shape)
    {
        if (!_sample.TryGetValue(node, out var value))
        {
            throw new InvalidOperationException($"The preview sample '{_sample.Id}' has no value for '{node.Id}' (label '{node.Label}'); it has {string.Join(", ", _sample.Names)}.");
        }

        bool classLabel = node.Settings is Components.Kinds.TargetSettings { Classes: > 0 } && value.Shape.Rank == 0;
        if (!classLabel && value.Shape != shape)
        {
            throw new InvalidOperationException($"The preview sample's value for '{node.Id}' has shape {value.Shape}, but the component expects {shape}.");
        }

        return tensor(value.Data.ToArray(), value.Shape.ToInt64Array(batch: 1), device: _device);
    }

    /// <inheritdoc />
    public void Dispose() => Modules.Dispose();
}
