using System.Text.Json;
using Percepti.Core.Components;
using Percepti.Core.Data;
using Percepti.Core.Export.Onnx;
using Percepti.Core.Graph;
using Percepti.Core.IO;
using Percepti.Core.Training;

namespace Percepti.Core.Export;

/// <summary>
/// Writes a trained graph as an ONNX model (opset 17) straight from its components, for ONNX Runtime
/// and other ONNX tools. Every input and output has the batch as a dynamic first dimension. Inputs are
/// named after their Input components; outputs after the components they come from.
/// </summary>
public static class OnnxExporter
{
    /// <summary>Lists the components that keep a graph from being exported; empty when it can be.</summary>
    /// <param name="graph">A valid graph.</param>
    /// <param name="options">Which outputs to export; null for the defaults.</param>
    /// <returns>One problem per component ONNX cannot express.</returns>
    public static IReadOnlyList<OnnxExportProblem> FindProblems(ModelGraph graph, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var analysis = GraphValidationException.ThrowIfInvalid(graph);

        var outputs = OutputsOf(graph, options ?? new OnnxExportOptions());
        return Problems(analysis, ExportOutputs.Ancestors(graph, outputs.Select(o => o.Node)));
    }

    /// <summary>Writes a trained model to an ONNX file, atomically (temporary file, then rename).</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="path">The file, conventionally <c>*.onnx</c>.</param>
    /// <param name="options">Outputs and preprocessing; null for the defaults.</param>
    /// <exception cref="OnnxExportException">A component the outputs depend on has no ONNX form; the message names it.</exception>
    public static void Export(TrainedModel model, string path, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes = ToBytes(model, options);
        AtomicFile.Write(path, temporary => File.WriteAllBytes(temporary, bytes));
    }

    /// <summary>Serializes a trained model as ONNX, with its preprocessing and class names.</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="options">Outputs and preprocessing; null for the defaults.</param>
    /// <returns>The ONNX model's bytes.</returns>
    /// <exception cref="OnnxExportException">A component the outputs depend on has no ONNX form; the message names it.</exception>
    public static byte[] ToBytes(TrainedModel model, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Write(model.Module, model.Preprocessing, options ?? new OnnxExportOptions());
    }

    /// <summary>Serializes a compiled graph as ONNX; its inputs take values as the Input components see them.</summary>
    /// <param name="module">The compiled graph with its weights.</param>
    /// <param name="options">Which outputs; null for the defaults.</param>
    /// <returns>The ONNX model's bytes.</returns>
    /// <exception cref="OnnxExportException">A component the outputs depend on has no ONNX form; the message names it.</exception>
    public static byte[] ToBytes(GraphModule module, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        return Write(module, null, options ?? new OnnxExportOptions());
    }

    private static byte[] Write(GraphModule module, Preprocessor? preprocessing, OnnxExportOptions options)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX export writes little-endian weights; this machine is big-endian.");
        }

        var graph = module.Graph;
        var analysis = graph.Analyze();
        var outputs = OutputsOf(graph, options);
        var needed = ExportOutputs.Ancestors(graph, outputs.Select(o => o.Node));
        var problems = Problems(analysis, needed);
        if (problems.Count > 0)
        {
            throw new OnnxExportException($"Graph '{graph.Name}' cannot be exported to ONNX: {string.Join("; ", problems)}.") { Problems = problems };
        }

        var builder = new OnnxGraphBuilder();
        var values = new Dictionary<NodeId, string>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["percepti.graph"] = GraphJson.Serialize(graph),
        };

        foreach (var id in analysis.TopologicalOrder.Where(needed.Contains))
        {
            var node = graph[id];
            var info = analysis.Nodes[id];
            var kind = info.Kind!;
            builder.Scope = id.Value;
            if (kind.IsSource)
            {
                values[id] = WriteInput(builder, id, info.OutputShape!, preprocessing, options, metadata);
                continue;
            }

            OnnxComponentWriters.TryGet(kind, out var writer);
            string[] inputs = [.. graph.UpstreamOf(id).Select(u => values[u])];
            var context = new OnnxComponentContext(builder, id, kind, node.Settings, [.. info.InputShapes.Select(s => s!)], info.OutputShape!, inputs, module.ComponentOf(id));
            values[id] = writer(context);
        }

        foreach (var (id, head) in outputs)
        {
            builder.Scope = id.Value;
            var outputShape = analysis.Nodes[id].OutputShape!;
            long?[] dimensions = [null, .. outputShape.Select(d => (long?)d)];
            builder.NamedNode("Identity", [ToTargetUnits(builder, module, preprocessing, options, id, outputShape, values[id], metadata)], id.Value);
            builder.AddOutput(id.Value, OnnxDataType.Float, dimensions);
            if (head is not { } classification)
            {
                continue;
            }

            if (preprocessing is not null)
            {
                var target = module.Wiring(classification).Target;
                metadata[$"percepti.classes.{id}"] = JsonSerializer.Serialize(preprocessing[target.Value].ClassNames);
            }

            if (options.IncludeProbabilities)
            {
                string probabilities = $"{id}.probabilities";
                builder.NamedNode("Softmax", [values[id]], probabilities);
                builder.AddOutput(probabilities, OnnxDataType.Float, dimensions);
            }
        }

        if (preprocessing is not null)
        {
            metadata["percepti.preprocessing"] = preprocessing.ToJson();
        }

        string version = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "unknown";
        return OnnxModelWriter.Write(builder, graph.Name.Length == 0 ? "graph" : graph.Name, version, metadata);
    }

    /// <summary>
    /// A regression prediction whose target was normalized for training comes out in the target's own units,
    /// as <see cref="Predictor"/> gives it: the normalization is undone, (y / scale) + offset.
    /// </summary>
    private static string ToTargetUnits(OnnxGraphBuilder builder, GraphModule module, Preprocessor? preprocessing, OnnxExportOptions options, NodeId id, TensorShape shape, string value, Dictionary<string, string> metadata)
    {
        if (preprocessing is null || !options.IncludePreprocessing)
        {
            return value;
        }

        var head = module.Heads.Select(module.Wiring).FirstOrDefault(w => !w.Classification && w.Prediction == id);
        if (head == default || preprocessing[head.Target.Value] is not { Offset.Count: > 0 } target || target.OutputShape != shape)
        {
            return value;
        }

        var (offset, scale) = PerElement(target, shape);
        float[] inverse = [.. scale.Select(v => 1 / v)];
        long[] dimensions = shape.ToInt64Array(batch: 1);
        metadata[$"percepti.output.{id}"] = $"units of {target.Name}";
        string scaled = builder.Node("Mul", [value, builder.Weights("target_scale", inverse, dimensions)]);
        return builder.Node("Add", [scaled, builder.Weights("target_offset", offset, dimensions)]);
    }

    private static string WriteInput(OnnxGraphBuilder builder, NodeId id, TensorShape shape, Preprocessor? preprocessing, OnnxExportOptions options, Dictionary<string, string> metadata)
    {
        var column = preprocessing is not null && options.IncludePreprocessing ? preprocessing[id.Value] : null;
        // Foldable when raw values map one to one onto the input: no one-hot, resize or color conversion (a
        // numeric scalar column delivered as (1,) maps one to one too).
        bool foldable = column is not null && !column.Settings.OneHot && column.OutputShape == shape
            && (column.InputShape == column.OutputShape || (!column.IsImage && column.InputShape.ElementCount == column.OutputShape.ElementCount));
        builder.AddInput(id.Value, OnnxDataType.Float, [null, .. shape.Select(d => (long?)d)]);
        metadata[$"percepti.input.{id}"] = foldable ? "raw" : "preprocessed";
        if (!foldable || column!.Offset.Count == 0)
        {
            return id.Value;
        }

        // (x - offset) × scale per channel or feature, as Preprocessor.Apply does, spelled out per element.
        var (offset, scale) = PerElement(column, shape);
        long[] dimensions = shape.ToInt64Array(batch: 1);
        string centered = builder.Node("Sub", [id.Value, builder.Weights("offset", offset, dimensions)]);
        return builder.Node("Mul", [centered, builder.Weights("scale", scale, dimensions)]);
    }

    /// <summary>A column's normalization statistics, one offset and scale per element of a sample.</summary>
    private static (float[] Offset, float[] Scale) PerElement(ColumnState column, TensorShape shape)
    {
        int count = checked((int)shape.ElementCount);
        var offset = new float[count];
        var scale = new float[count];
        for (int i = 0; i < count; i++)
        {
            int g = Preprocessor.GroupOf(column, i, count);
            offset[i] = (float)column.Offset[g];
            scale[i] = (float)column.Scale[g];
        }

        return (offset, scale);
    }

    private static List<OnnxExportProblem> Problems(GraphAnalysis analysis, HashSet<NodeId> needed)
    {
        var problems = new List<OnnxExportProblem>();
        foreach (var id in analysis.TopologicalOrder.Where(needed.Contains))
        {
            var kind = analysis.Nodes[id].Kind!;
            bool supported = kind is Components.Kinds.InputComponent || OnnxComponentWriters.TryGet(kind, out _);
            if (!supported)
            {
                problems.Add(new OnnxExportProblem(id, kind.Name, OnnxComponentWriters.ReasonUnsupported(kind)));
            }
        }

        return problems;
    }

    private static List<(NodeId Node, NodeId? Head)> OutputsOf(ModelGraph graph, OnnxExportOptions options) =>
        ExportOutputs.Select(graph, options.Outputs, message => new OnnxExportException(message));
}
