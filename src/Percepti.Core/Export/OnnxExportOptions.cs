using Percepti.Core.Graph;

namespace Percepti.Core.Export;

/// <summary>Choices for <see cref="OnnxExporter"/>.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>
    /// The components whose outputs the ONNX model returns, each under its node id. Null (the default)
    /// returns what each loss head reads: the class scores of a Classification head, the values of a
    /// Regression head.
    /// </summary>
    public IReadOnlyList<NodeId>? Outputs { get; init; }

    /// <summary>
    /// For each Classification head, also return softmax probabilities as <c>&lt;node id&gt;.probabilities</c>.
    /// On by default.
    /// </summary>
    public bool IncludeProbabilities { get; init; } = true;

    /// <summary>
    /// When exporting a trained model, fold its fitted preprocessing (offset and scale per channel)
    /// into the ONNX graph, so the model takes the same raw values as <see cref="Predictor"/>. Inputs
    /// whose preprocessing ONNX cannot express this way (one-hot encoding, resizing or color conversion)
    /// take preprocessed values instead; the model's metadata says which. On by default.
    /// </summary>
    public bool IncludePreprocessing { get; init; } = true;
}
