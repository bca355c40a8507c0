using Percepti.Core.Components;
using Percepti.Core.Components.Kinds;
using TorchSharp.Modules;

namespace Percepti.Core.Export.Onnx;

/// <summary>ONNX for the components with trained weights: Dense, Convolution, BatchNorm, LayerNorm, Embedding.</summary>
internal static class OnnxLayerWriters
{
    public static string Dense(OnnxComponentContext context)
    {
        var settings = context.SettingsAs<DenseSettings>();
        var linear = context.Layer<Linear>();
        var weight = linear.weight!;
        long outputs = weight.shape[0], inputs = weight.shape[1];

        // MatMul (not Gemm) so inputs of any rank work, as Linear does on the last axis.
        string transposed = context.Graph.Weights("weight", OnnxTensors.Transpose(OnnxTensors.Floats(weight), outputs, inputs), [inputs, outputs]);
        string x = context.Graph.Node("MatMul", [context.Input, transposed]);
        if (OnnxComponentContext.Has(linear, "bias"))
        {
            x = context.Graph.Node("Add", [x, context.Weights(linear, "bias", "bias")]);
        }

        return OnnxTensorWriters.Activate(context.Graph, x, settings.Activation);
    }

    public static string Convolution(OnnxComponentContext context)
    {
        var settings = context.SettingsAs<ConvolutionSettings>();
        var plan = ((ConvolutionComponent)context.Kind).Plan(settings, context.InputShapes[0]);
        int dimensions = settings.Dimensions;
        long[] Repeat(long value) => [.. Enumerable.Repeat(value, dimensions)];
        long[] pads = [.. plan.Padding.Select(p => (long)p.Before), .. plan.Padding.Select(p => (long)p.After)];
        long channels = context.InputShapes[0][0];

        string x;
        if (settings.Variant == ConvolutionVariant.Transposed)
        {
            var layer = context.Layer<ConvolutionTranspose>();
            x = context.Graph.Node("ConvTranspose", WeightInputs(context, layer),
                ("kernel_shape", Repeat(settings.KernelSize)),
                ("strides", Repeat(settings.Stride)),
                ("dilations", Repeat(settings.Dilation)),
                ("pads", pads),
                ("output_padding", Repeat(plan.OutputPadding)),
                ("group", (long)settings.Groups));
        }
        else
        {
            var first = context.Layer<Convolution>();
            long groups = settings.Variant == ConvolutionVariant.Standard ? settings.Groups : channels;
            x = context.Graph.Node("Conv", WeightInputs(context, first, context.Input),
                ("kernel_shape", Repeat(settings.KernelSize)),
                ("strides", Repeat(settings.Stride)),
                ("dilations", Repeat(settings.Dilation)),
                ("pads", pads),
                ("group", groups));
            if (settings.Variant == ConvolutionVariant.Separable)
            {
                // The pointwise 1×1 step that mixes the depthwise channels.
                x = context.Graph.Node("Conv", WeightInputs(context, context.Layer<Convolution>(1), x), ("kernel_shape", Repeat(1)));
            }
        }

        return OnnxTensorWriters.Activate(context.Graph, x, settings.Activation);
    }

    public static string BatchNorm(OnnxComponentContext context)
    {
        var settings = context.SettingsAs<BatchNormSettings>();
        var layer = context.Module.modules().First(m => m is BatchNorm1d or BatchNorm2d or BatchNorm3d);

        // Inference form: the running statistics, as the model uses in evaluation.
        return context.Graph.Node("BatchNormalization",
            [context.Input, context.Weights(layer, "weight", "scale"), context.Weights(layer, "bias", "bias"), context.Weights(layer, "running_mean", "mean"), context.Weights(layer, "running_var", "variance")],
            ("epsilon", settings.Epsilon));
    }

    public static string LayerNorm(OnnxComponentContext context)
    {
        var settings = context.SettingsAs<LayerNormSettings>();
        var layer = context.Layer<LayerNorm>();
        int axes = LayerNormComponent.NormalizedShape(settings, context.InputShapes[0]).Length;
        return context.Graph.Node("LayerNormalization",
            [context.Input, context.Weights(layer, "weight", "scale"), context.Weights(layer, "bias", "bias")],
            ("axis", (long)-axes),
            ("epsilon", settings.Epsilon));
    }

    public static string Embedding(OnnxComponentContext context)
    {
        var layer = context.Layer<Embedding>();

        // Indices arrive as floats, like every graph value; Cast truncates as the module's conversion does.
        string indices = context.Graph.Node("Cast", [context.Input], ("to", (long)OnnxDataType.Int64));
        return context.Graph.Node("Gather", [context.Weights(layer, "weight", "table"), indices], ("axis", 0L));
    }

    private static string[] WeightInputs(OnnxComponentContext context, TorchSharp.torch.nn.Module layer, string? input = null)
    {
        string weight = context.Weights(layer, "weight", "weight");
        string x = input ?? context.Input;
        return OnnxComponentContext.Has(layer, "bias") ? [x, weight, context.Weights(layer, "bias", "bias")] : [x, weight];
    }
}
