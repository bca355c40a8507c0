using Percepti.Core.Components;
using Percepti.Core.Components.Kinds;

namespace Percepti.Core.Export.Onnx;

/// <summary>ONNX for the components without weights: activations, shape changes, pooling, merges, normalization.</summary>
internal static class OnnxTensorWriters
{
    public static string Activate(OnnxGraphBuilder graph, string x, Activation activation, double negativeSlope = 0.01) => activation switch
    {
        Activation.None => x,
        Activation.ReLU => graph.Node("Relu", [x]),
        Activation.LeakyReLU => graph.Node("LeakyRelu", [x], ("alpha", negativeSlope)),

        // The exact (erf) GELU, as TorchSharp computes it; opset 17 has no Gelu operator.
        Activation.GELU => graph.Node("Mul", [
            graph.Node("Mul", [x, graph.Scalar("half", 0.5f)]),
            graph.Node("Add", [graph.Node("Erf", [graph.Node("Mul", [x, graph.Scalar("inverse_sqrt2", (float)(1 / Math.Sqrt(2)))])]), graph.Scalar("one", 1f)])]),
        Activation.Sigmoid => graph.Node("Sigmoid", [x]),
        Activation.Tanh => graph.Node("Tanh", [x]),
        Activation.Softmax => graph.Node("Softmax", [x], ("axis", 1L)),
        Activation.SiLU => graph.Node("Mul", [x, graph.Node("Sigmoid", [x])]),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };

    public static string Activate(OnnxComponentContext context)
    {
        var settings = context.SettingsAs<ActivationSettings>();
        return Activate(context.Graph, context.Input, settings.Function, settings.NegativeSlope);
    }

    public static string Identity(OnnxComponentContext context) => context.Input;

    public static string Flatten(OnnxComponentContext context) => context.Graph.Node("Flatten", [context.Input], ("axis", 1L));

    public static string Reshape(OnnxComponentContext context) =>
        context.Graph.Node("Reshape", [context.Input, context.Graph.Integers("shape", context.OutputShape.ToInt64Array(batch: -1))]);

    public static string Permute(OnnxComponentContext context)
    {
        var settings = context.SettingsAs<PermuteSettings>();
        return context.Graph.Node("Transpose", [context.Input], ("perm", (long[])[0, .. settings.Order.Select(a => (long)a + 1)]));
    }

    public static string Pooling(OnnxComponentContext context)
    {
        var settings = context.SettingsAs<PoolingSettings>();
        if (settings.Global)
        {
            long[] axes = [.. Enumerable.Range(2, settings.Dimensions).Select(a => (long)a)];
            return context.Graph.Node(settings.Mode == PoolingMode.Max ? "ReduceMax" : "ReduceMean", [context.Input], ("axes", axes), ("keepdims", 0L));
        }

        long[] Repeat(long value, int times) => [.. Enumerable.Repeat(value, times)];
        long stride = settings.Stride == 0 ? settings.PoolSize : settings.Stride;
        var attributes = new List<(string, object)>
        {
            ("kernel_shape", Repeat(settings.PoolSize, settings.Dimensions)),
            ("strides", Repeat(stride, settings.Dimensions)),
            ("pads", Repeat(settings.PaddingSize, settings.Dimensions * 2)),
        };
        if (settings.Mode == PoolingMode.Average)
        {
            // TorchSharp averages over the padded window, zeros included.
            attributes.Add(("count_include_pad", 1L));
        }

        return context.Graph.Node(settings.Mode == PoolingMode.Max ? "MaxPool" : "AveragePool", [context.Input], [.. attributes]);
    }

    public static string Merge(OnnxComponentContext context)
    {
        var settings = context.SettingsAs<MergeSettings>();
        if (settings.Operation == MergeOperation.Concatenate)
        {
            long axis = ShapeRules.NormalizeAxis("Merge", settings.Axis, context.InputShapes[0].Rank) + 1;
            return context.Graph.Node("Concat", context.Inputs, ("axis", axis));
        }

        string op = settings.Operation switch
        {
            MergeOperation.Add => "Add",
            MergeOperation.Subtract => "Sub",
            MergeOperation.Multiply => "Mul",
            _ => "Div",
        };
        return context.Inputs.Skip(1).Aggregate(context.Input, (total, next) => context.Graph.Node(op, [total, next]));
    }

    public static string Normalize(OnnxComponentContext context)
    {
        var settings = context.SettingsAs<NormalizeSettings>();
        var graph = context.Graph;
        string x = context.Input;
        long[] axes = [.. Enumerable.Range(1, context.InputShapes[0].Rank).Select(a => (long)a)];
        string epsilon = graph.Scalar("epsilon", (float)NormalizeComponent.Epsilon);
        switch (settings.Mode)
        {
            case NormalizeMode.Fixed:
                return graph.Node("Div", [graph.Node("Sub", [x, graph.Scalar("mean", (float)settings.Mean)]), graph.Scalar("std", (float)settings.StandardDeviation)]);
            case NormalizeMode.MinMax when axes.Length > 0:
                {
                    string min = graph.Node("ReduceMin", [x], ("axes", axes), ("keepdims", 1L));
                    string max = graph.Node("ReduceMax", [x], ("axes", axes), ("keepdims", 1L));
                    return graph.Node("Div", [graph.Node("Sub", [x, min]), graph.Node("Add", [graph.Node("Sub", [max, min]), epsilon])]);
                }

            case NormalizeMode.Standardize when axes.Length > 0:
                {
                    // The population standard deviation, as the module computes it.
                    string centered = graph.Node("Sub", [x, graph.Node("ReduceMean", [x], ("axes", axes), ("keepdims", 1L))]);
                    string variance = graph.Node("ReduceMean", [graph.Node("Mul", [centered, centered])], ("axes", axes), ("keepdims", 1L));
                    return graph.Node("Div", [centered, graph.Node("Add", [graph.Node("Sqrt", [variance]), epsilon])]);
                }

            default:
                return graph.Node("Sub", [x, x]);
        }
    }

    public static string Grayscale(OnnxComponentContext context)
    {
        if (context.InputShapes[0][0] == 1)
        {
            return context.Input;
        }

        var graph = context.Graph;
        string weights = graph.Weights("luma", GrayscaleComponent.LumaWeights, [1, 3, 1, 1]);
        return graph.Node("ReduceSum", [graph.Node("Mul", [context.Input, weights]), graph.Integers("axes", [1])], ("keepdims", 1L));
    }

    public static string OneHot(OnnxComponentContext context)
    {
        var settings = context.SettingsAs<OneHotSettings>();
        var graph = context.Graph;
        string indices = graph.Node("Cast", [context.Input], ("to", (long)OnnxDataType.Int64));
        return graph.Node("OneHot", [indices, graph.Integers("depth", [settings.Classes], []), graph.Weights("values", [0f, 1f], [2])], ("axis", -1L));
    }

    public static string Argmax(OnnxComponentContext context)
    {
        var settings = context.SettingsAs<ArgmaxSettings>();
        long axis = ShapeRules.NormalizeAxis("Argmax", settings.Axis, context.InputShapes[0].Rank) + 1;
        string index = context.Graph.Node("ArgMax", [context.Input], ("axis", axis), ("keepdims", 0L));
        return context.Graph.Node("Cast", [index], ("to", (long)OnnxDataType.Float));
    }

    public static string Rescale(OnnxComponentContext context)
    {
        var settings = context.SettingsAs<RescaleSettings>();
        var graph = context.Graph;

        // Sizes, not scales, so the output size is exact; batch and channels come from the input.
        string leading = graph.Node("Shape", [context.Input], ("start", 0L), ("end", 2L));
        string sizes = graph.Node("Concat", [leading, graph.Integers("size", [settings.Height, settings.Width])], ("axis", 0L));
        return settings.Mode == ResizeMode.Bilinear
            ? graph.Node("Resize", [context.Input, string.Empty, string.Empty, sizes], ("mode", "linear"), ("coordinate_transformation_mode", "pytorch_half_pixel"))
            : graph.Node("Resize", [context.Input, string.Empty, string.Empty, sizes], ("mode", "nearest"), ("coordinate_transformation_mode", "asymmetric"), ("nearest_mode", "floor"));
    }
}
