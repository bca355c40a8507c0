using Percepti.Core.Training;

namespace Percepti.Core.Export;

/// <summary>Saving and exporting a <see cref="TrainedModel"/>: the Export layer's verbs on the Training layer's model.</summary>
public static class TrainedModelExports
{
    /// <summary>Saves the model as a package (graph, weights, preprocessing, metrics), atomically.</summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The file, conventionally <c>*.pmodel</c>.</param>
    /// <param name="metrics">Metrics to keep with it, or null.</param>
    public static void Save(this TrainedModel model, string path, IReadOnlyDictionary<string, double>? metrics = null) =>
        ModelPackage.Save(model, path, metrics);

    /// <summary>Writes the model as a package to a stream (a download, a response); the stream stays open.</summary>
    /// <param name="model">The model.</param>
    /// <param name="destination">A writable stream.</param>
    /// <param name="metrics">Metrics to keep with it, or null.</param>
    public static void Save(this TrainedModel model, Stream destination, IReadOnlyDictionary<string, double>? metrics = null) =>
        ModelPackage.Save(model, destination, metrics);

    /// <summary>
    /// Writes the weights (parameters and buffers) as safetensors, atomically, under Percepti.Core's names: the names
    /// the module of <see cref="CodeView.PyTorch"/> uses, so PyTorch loads them with
    /// <c>model.load_state_dict(safetensors.torch.load_file(path))</c> unchanged.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The file, conventionally <c>*.safetensors</c>.</param>
    public static void SaveSafetensors(this TrainedModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        Safetensors.SafetensorsWeights.Save(model.Module, path);
    }

    /// <summary>Writes the model as ONNX (see <see cref="OnnxExporter"/>), atomically.</summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The file, conventionally <c>*.onnx</c>.</param>
    /// <param name="options">Outputs and preprocessing; null for the defaults.</param>
    /// <exception cref="OnnxExportException">A component has no ONNX form; the message names it.</exception>
    public static void ExportOnnx(this TrainedModel model, string path, OnnxExportOptions? options = null) =>
        OnnxExporter.Export(model, path, options);
}
