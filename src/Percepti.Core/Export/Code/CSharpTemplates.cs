using Percepti.Core.Components;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Graph;
using static Percepti.Core.Export.Code.CodeText;
using CSharpComponent = Percepti.Core.Export.Code.CodeComponent<Percepti.Core.Export.Code.CSharpModelWriter>;

namespace Percepti.Core.Export.Code;

/// <summary>
/// The C# TorchSharp code for each built-in kind: layers with weights become typed fields registered
/// under Percepti.Core's names; everything else is an expression in <c>forward</c>.
/// </summary>
internal static class CSharpTemplates
{
    private static readonly Dictionary<Type, Func<CSharpComponent, string>> Templates = new()
    {
        [typeof(ActivationComponent)] = c => Activate(c.Input, c.SettingsAs<ActivationSettings>().Function, c.SettingsAs<ActivationSettings>().NegativeSlope),
        [typeof(ArgmaxComponent)] = c => $"{c.Input}.argmax({ShapeRules.NormalizeAxis("Argmax", c.SettingsAs<ArgmaxSettings>().Axis, c.InputShapes[0].Rank) + 1}).to(ScalarType.Float32)",
        [typeof(BatchNormComponent)] = BatchNorm,
        [typeof(ConvolutionComponent)] = Convolution,
        [typeof(DenseComponent)] = Dense,
        [typeof(DropoutComponent)] = Dropout,
        [typeof(EmbeddingComponent)] = Embedding,
        [typeof(FlattenComponent)] = c => $"{c.Input}.flatten(1)",
        [typeof(GrayscaleComponent)] = c => c.InputShapes[0][0] == 1
            ? c.Input
            : $"({c.Input} * tensor(new float[] {{ {string.Join(", ", GrayscaleComponent.LumaWeights.Select(w => Number(w) + "f"))} }}, device: {c.Input}.device).reshape(1, 3, 1, 1)).sum(1, keepdim: true)",
        [typeof(LayerNormComponent)] = LayerNorm,
        [typeof(MergeComponent)] = Merge,
        [typeof(NormalizeComponent)] = Normalize,
        [typeof(OneHotComponent)] = c => $"nn.functional.one_hot({c.Input}.to(ScalarType.Int64), {c.SettingsAs<OneHotSettings>().Classes}).to(ScalarType.Float32)",
        [typeof(PermuteComponent)] = c => $"{c.Input}.permute(0, {Integers(c.SettingsAs<PermuteSettings>().Order.Select(a => (long)a + 1))})",
        [typeof(PoolingComponent)] = Pooling,
        [typeof(RecurrentComponent)] = Recurrent,
        [typeof(RescaleComponent)] = Rescale,
        [typeof(ReshapeComponent)] = c => $"{c.Input}.reshape({Integers(c.OutputShape.ToInt64Array(batch: -1))})",
    };

    public static bool TryGet(ComponentKind kind, out Func<CSharpComponent, string> template) => Templates.TryGetValue(kind.GetType(), out template!);

    private static string Activate(string x, Activation activation, double slope = 0.01) => activation switch
    {
        Activation.None => x,
        Activation.ReLU => $"{x}.relu()",
        Activation.LeakyReLU => $"nn.functional.leaky_relu({x}, {Number(slope)})",
        Activation.GELU => $"nn.functional.gelu({x})",
        Activation.Sigmoid => $"{x}.sigmoid()",
        Activation.Tanh => $"{x}.tanh()",
        Activation.Softmax => $"{x}.softmax(1)",
        Activation.SiLU => $"nn.functional.silu({x})",
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };

    private static string Dense(CSharpComponent c)
    {
        var settings = c.SettingsAs<DenseSettings>();
        c.Writer.Field("Linear", c.Name, $"nn.Linear({c.InputShapes[0][-1]}, {settings.Units}{(settings.UseBias ? string.Empty : ", hasBias: false")})");
        c.Writer.Component(c.Key, ("layer", c.Name));
        return Activate($"{c.Name}.call({c.Input})", settings.Activation);
    }

    private static string Convolution(CSharpComponent c)
    {
        var settings = c.SettingsAs<ConvolutionSettings>();
        var layout = ConvolutionLayout.Of((ConvolutionComponent)c.Kind, settings, c.InputShapes[0]);
        int d = settings.Dimensions;
        string Options(long stride, long padding, long dilation, long groups, bool bias, long outputPadding = 0) =>
            ConvolutionLayout.Options(stride, padding, dilation, groups, bias, outputPadding, ": ", "false");

        if (settings.Variant == ConvolutionVariant.Transposed)
        {
            c.Writer.Field($"ConvTranspose{d}d", c.Name, $"nn.ConvTranspose{d}d({layout.Channels}, {layout.Outputs}, {settings.KernelSize}{Options(settings.Stride, layout.Padding, settings.Dilation, layout.Groups, layout.Bias, layout.OutputPadding)})");
            c.Writer.Component(c.Key, ("layer0", c.Name));
            return Activate($"{c.Name}.call({c.Input})", settings.Activation);
        }

        string x = layout.SeparatePadding is { } pad ? $"nn.functional.pad({c.Input}, new long[] {{ {Integers(pad)} }})" : c.Input;
        int first = layout.FirstLayer;
        c.Writer.Field($"Conv{d}d", c.Name, $"nn.Conv{d}d({layout.Channels}, {layout.Outputs}, {settings.KernelSize}{Options(settings.Stride, layout.Padding, settings.Dilation, layout.Groups, layout.Bias)})");
        if (settings.Variant != ConvolutionVariant.Separable)
        {
            c.Writer.Component(c.Key, ($"layer{first}", c.Name));
            return Activate($"{c.Name}.call({x})", settings.Activation);
        }

        string pointwise = c.Name + "_pointwise";
        c.Writer.Field($"Conv{d}d", pointwise, $"nn.Conv{d}d({layout.Outputs}, {settings.Filters}, 1{Options(1, 0, 1, 1, settings.UseBias)})");
        c.Writer.Component(c.Key, ($"layer{first}", c.Name), ($"layer{first + 1}", pointwise));
        return Activate($"{pointwise}.call({c.Name}.call({x}))", settings.Activation);
    }

    private static string BatchNorm(CSharpComponent c)
    {
        var settings = c.SettingsAs<BatchNormSettings>();
        int d = BatchNormComponent.Dimensions(c.InputShapes[0]);
        c.Writer.Field($"BatchNorm{d}d", c.Name, $"nn.BatchNorm{d}d({c.InputShapes[0][0]}, eps: {Number(settings.Epsilon)}, momentum: {Number(settings.Momentum)})");
        c.Writer.Component(c.Key, ("layer", c.Name));
        return $"{c.Name}.call({c.Input})";
    }

    private static string LayerNorm(CSharpComponent c)
    {
        var settings = c.SettingsAs<LayerNormSettings>();
        long[] shape = LayerNormComponent.NormalizedShape(settings, c.InputShapes[0]);
        c.Writer.Field("LayerNorm", c.Name, $"nn.LayerNorm(new long[] {{ {Integers(shape)} }}, eps: {Number(settings.Epsilon)})");
        c.Writer.Component(c.Key, ("layer", c.Name));
        return $"{c.Name}.call({c.Input})";
    }

    private static string Embedding(CSharpComponent c)
    {
        var settings = c.SettingsAs<EmbeddingSettings>();
        c.Writer.Field("Embedding", c.Name, $"nn.Embedding({settings.VocabularySize}, {settings.Dimensions})");
        c.Writer.Component(c.Key, ("layer", c.Name));
        return $"{c.Name}.call({c.Input}.to(ScalarType.Int64))";
    }

    private static string Dropout(CSharpComponent c)
    {
        c.Writer.Field("Dropout", c.Name, $"nn.Dropout({Number(c.SettingsAs<DropoutSettings>().Rate)})");
        c.Writer.Layer(c.Key, c.Name);
        return $"{c.Name}.call({c.Input})";
    }

    private static string Pooling(CSharpComponent c)
    {
        var settings = c.SettingsAs<PoolingSettings>();
        if (settings.Global)
        {
            string axes = Integers(Enumerable.Range(2, settings.Dimensions).Select(a => (long)a));
            return settings.Mode == PoolingMode.Max ? $"{c.Input}.amax(new long[] {{ {axes} }})" : $"{c.Input}.mean(new long[] {{ {axes} }})";
        }

        string type = $"{(settings.Mode == PoolingMode.Max ? "MaxPool" : "AvgPool")}{settings.Dimensions}d";
        long stride = settings.Stride == 0 ? settings.PoolSize : settings.Stride;
        c.Writer.Field(type, c.Name, $"nn.{type}({settings.PoolSize}, stride: {stride}, padding: {settings.PaddingSize})");
        c.Writer.Layer(c.Key, c.Name);
        return $"{c.Name}.call({c.Input})";
    }

    private static string Merge(CSharpComponent c)
    {
        var settings = c.SettingsAs<MergeSettings>();
        if (settings.Operation == MergeOperation.Concatenate)
        {
            long axis = ShapeRules.NormalizeAxis("Merge", settings.Axis, c.InputShapes[0].Rank) + 1;
            return $"cat(new[] {{ {string.Join(", ", c.Inputs)} }}, {axis})";
        }

        return Arithmetic(c.Inputs, settings.Operation);
    }

    private static string Normalize(CSharpComponent c)
    {
        var settings = c.SettingsAs<NormalizeSettings>();
        string x = c.Input;
        string axes = $"new long[] {{ {Integers(Enumerable.Range(1, c.InputShapes[0].Rank).Select(a => (long)a))} }}";
        string epsilon = Number(NormalizeComponent.Epsilon);
        switch (settings.Mode)
        {
            case NormalizeMode.Fixed:
                return $"({x} - {Number(settings.Mean)}) / {Number(settings.StandardDeviation)}";
            case NormalizeMode.MinMax when c.InputShapes[0].Rank > 0:
                c.Writer.Statement($"var {c.Name}_min = {x}.amin({axes}, keepdim: true);");
                c.Writer.Statement($"var {c.Name}_max = {x}.amax({axes}, keepdim: true);");
                return $"({x} - {c.Name}_min) / ({c.Name}_max - {c.Name}_min + {epsilon})";
            case NormalizeMode.Standardize when c.InputShapes[0].Rank > 0:
                c.Writer.Statement($"var {c.Name}_mean = {x}.mean({axes}, keepdim: true);");
                c.Writer.Statement($"var {c.Name}_std = {x}.std({axes}, unbiased: false, keepdim: true);");
                return $"({x} - {c.Name}_mean) / ({c.Name}_std + {epsilon})";
            default:
                return $"{x} - {x}";
        }
    }

    private static string Rescale(CSharpComponent c)
    {
        var settings = c.SettingsAs<RescaleSettings>();
        string size = $"new long[] {{ {settings.Height}, {settings.Width} }}";
        return settings.Mode == ResizeMode.Bilinear
            ? $"nn.functional.interpolate({c.Input}, {size}, mode: InterpolationMode.Bilinear, align_corners: false)"
            : $"nn.functional.interpolate({c.Input}, {size}, mode: InterpolationMode.Nearest)";
    }

    private static string Recurrent(CSharpComponent c)
    {
        var settings = c.SettingsAs<RecurrentSettings>();
        string type = settings.Cell.ToString();
        c.Writer.Field(type, c.Name, $"nn.{type}({c.InputShapes[0][1]}, {settings.HiddenSize}, numLayers: {settings.Layers}, batchFirst: true{(settings.Bidirectional ? ", bidirectional: true" : string.Empty)})");
        c.Writer.Component(c.Key, ("layer", c.Name));
        string sequence = $"{c.Name}_sequence", hidden = $"{c.Name}_hidden";
        c.Writer.Statement(settings.Cell == RecurrentCell.LSTM
            ? $"var ({sequence}, {hidden}, _) = {c.Name}.call({c.Input}, null);"
            : $"var ({sequence}, {hidden}) = {c.Name}.call({c.Input}, null);");
        if (settings.ReturnSequences)
        {
            return sequence;
        }

        // The last layer's final state; forward and backward directions side by side.
        return settings.Bidirectional ? $"cat(new[] {{ {hidden}[-2], {hidden}[-1] }}, 1)" : $"{hidden}[-1]";
    }
}
