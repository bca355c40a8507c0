using Percepti.Core.Components;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Graph;

namespace Percepti.Core.Export.Onnx;

/// <summary>Writes one component's operators and returns the ONNX name of its output.</summary>
/// <param name="context">The component and the graph being written.</param>
internal delegate string OnnxComponentWriter(OnnxComponentContext context);

/// <summary>Which built-in kinds ONNX can express, and how. Inputs become graph inputs; targets and loss heads are training-only.</summary>
internal static class OnnxComponentWriters
{
    private static readonly Dictionary<Type, OnnxComponentWriter> Writers = new()
    {
        [typeof(ActivationComponent)] = OnnxTensorWriters.Activate,
        [typeof(ArgmaxComponent)] = OnnxTensorWriters.Argmax,
        [typeof(BatchNormComponent)] = OnnxLayerWriters.BatchNorm,
        [typeof(ConvolutionComponent)] = OnnxLayerWriters.Convolution,
        [typeof(DenseComponent)] = OnnxLayerWriters.Dense,
        [typeof(DropoutComponent)] = OnnxTensorWriters.Identity,
        [typeof(EmbeddingComponent)] = OnnxLayerWriters.Embedding,
        [typeof(FlattenComponent)] = OnnxTensorWriters.Flatten,
        [typeof(GrayscaleComponent)] = OnnxTensorWriters.Grayscale,
        [typeof(LayerNormComponent)] = OnnxLayerWriters.LayerNorm,
        [typeof(MergeComponent)] = OnnxTensorWriters.Merge,
        [typeof(NormalizeComponent)] = OnnxTensorWriters.Normalize,
        [typeof(OneHotComponent)] = OnnxTensorWriters.OneHot,
        [typeof(PermuteComponent)] = OnnxTensorWriters.Permute,
        [typeof(PoolingComponent)] = OnnxTensorWriters.Pooling,
        [typeof(RecurrentComponent)] = OnnxRecurrentWriter.Write,
        [typeof(RescaleComponent)] = OnnxTensorWriters.Rescale,
        [typeof(ReshapeComponent)] = OnnxTensorWriters.Reshape,
    };

    public static bool TryGet(ComponentKind kind, out OnnxComponentWriter writer) => Writers.TryGetValue(kind.GetType(), out writer!);

    /// <summary>Why a kind cannot be written, for the error message.</summary>
    public static string ReasonUnsupported(ComponentKind kind) => kind switch
    {
        TargetComponent => "a Target is the training label, which a deployed model does not read",
        ClassificationComponent or RegressionComponent => "a loss head exists only for training; export the prediction that feeds it",
        InputComponent => "an Input is a graph input, not an operator",
        _ => $"'{kind.Name}' is not a built-in kind with an ONNX mapping",
    };
}
