using Percepti.Core.Components;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Graph;
using static Percepti.Core.Export.Code.PythonText;
using PythonComponent = Percepti.Core.Export.Code.CodeComponent<Percepti.Core.Export.Code.PyTorchModelWriter>;

namespace Percepti.Core.Export.Code;

/// <summary>
/// The PyTorch code for each built-in kind, the counterpart of <see cref="CSharpTemplates"/>: layers with weights
/// become submodules registered under Percepti.Core's names (the state-dict keys are the same); everything else is an
/// expression in <c>forward</c>. Only PyTorch 1.13 APIs.
/// </summary>
internal static class PyTorchTemplates
{
    private static readonly Dictionary<Type, Func<PythonComponent, string>> Templates = new()
    {
        [typeof(ActivationComponent)] = c => Activate(c.Input, c.SettingsAs<ActivationSettings>().Function, c.SettingsAs<ActivationSettings>().NegativeSlope),
        [typeof(ArgmaxComponent)] = c => $"{c.Input}.argmax({ShapeRules.NormalizeAxis("Argmax", c.SettingsAs<ArgmaxSettings>().Axis, c.InputShapes[0].Rank) + 1}).float()",
        [typeof(BatchNormComponent)] = BatchNorm,
        [typeof(ConvolutionComponent)] = Convolution,
        [typeof(DenseComponent)] = Dense,
        [typeof(DropoutComponent)] = c => $"{c.Writer.Layer(c.Key, $"nn.Dropout({Number(c.SettingsAs<DropoutSettings>().Rate)})")}({c.Input})",
        [typeof(EmbeddingComponent)] = Embedding,
        [typeof(FlattenComponent)] = c => $"{c.Input}.flatten(1)",
        [typeof(GrayscaleComponent)] = c => c.InputShapes[0][0] == 1
            ? c.Input
            : $"({c.Input} * torch.tensor([{string.Join(", ", GrayscaleComponent.LumaWeights.Select(w => Number(w)))}], device={c.Input}.device).reshape(1, 3, 1, 1)).sum(1, keepdim=True)",
        [typeof(LayerNormComponent)] = LayerNorm,
        [typeof(MergeComponent)] = Merge,
        [typeof(NormalizeComponent)] = Normalize,
        [typeof(OneHotComponent)] = c => $"F.one_hot({c.Input}.long(), {c.SettingsAs<OneHotSettings>().Classes}).float()",
        [typeof(PermuteComponent)] = c => $"{c.Input}.permute(0, {CodeText.Integers(c.SettingsAs<PermuteSettings>().Order.Select(a => (long)a + 1))})",
        [typeof(PoolingComponent)] = Pooling,
        [typeof(RecurrentComponent)] = Recurrent,
        [typeof(RescaleComponent)] = Rescale,
        [typeof(ReshapeComponent)] = c => $"{c.Input}.reshape({CodeText.Integers(c.OutputShape.ToInt64Array(batch: -1))})",
    };

    public static bool TryGet(ComponentKind kind, out Func<PythonComponent, string> template) => Templates.TryGetValue(kind.GetType(), out template!);

    private static string Activate(string x, Activation activation, double slope = 0.01) => activation switch
    {
        Activation.None => x,
        Activation.ReLU => $"torch.relu({x})",
        Activation.LeakyReLU => $"F.leaky_relu({x}, {Number(slope)})",
        Activation.GELU => $"F.gelu({x})",
        Activation.Sigmoid => $"torch.sigmoid({x})",
        Activation.Tanh => $"torch.tanh({x})",
        Activation.Softmax => $"torch.softmax({x}, 1)",
        Activation.SiLU => $"F.silu({x})",
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };

    private static string Dense(PythonComponent c)
    {
        var settings = c.SettingsAs<DenseSettings>();
        var layer = c.Writer.Component(c.Key, ("layer", $"nn.Linear({c.InputShapes[0][-1]}, {settings.Units}{(settings.UseBias ? string.Empty : ", bias=False")})"));
        return Activate($"{layer[0]}({c.Input})", settings.Activation);
    }

    private static string Convolution(PythonComponent c)
    {
        var settings = c.SettingsAs<ConvolutionSettings>();
        var layout = ConvolutionLayout.Of((ConvolutionComponent)c.Kind, settings, c.InputShapes[0]);
        int d = settings.Dimensions;
        string Options(long stride, long padding, long dilation, long groups, bool bias, long outputPadding = 0) =>
            ConvolutionLayout.Options(stride, padding, dilation, groups, bias, outputPadding, "=", "False");

        if (settings.Variant == ConvolutionVariant.Transposed)
        {
            var transposed = c.Writer.Component(c.Key, ("layer0", $"nn.ConvTranspose{d}d({layout.Channels}, {layout.Outputs}, {settings.KernelSize}{Options(settings.Stride, layout.Padding, settings.Dilation, layout.Groups, layout.Bias, layout.OutputPadding)})"));
            return Activate($"{transposed[0]}({c.Input})", settings.Activation);
        }

        string x = layout.SeparatePadding is { } pad ? $"F.pad({c.Input}, {Tuple(pad)})" : c.Input;
        int first = layout.FirstLayer;
        string convolution = $"nn.Conv{d}d({layout.Channels}, {layout.Outputs}, {settings.KernelSize}{Options(settings.Stride, layout.Padding, settings.Dilation, layout.Groups, layout.Bias)})";
        if (settings.Variant != ConvolutionVariant.Separable)
        {
            var layer = c.Writer.Component(c.Key, ($"layer{first}", convolution));
            return Activate($"{layer[0]}({x})", settings.Activation);
        }

        var layers = c.Writer.Component(c.Key, ($"layer{first}", convolution), ($"layer{first + 1}", $"nn.Conv{d}d({layout.Outputs}, {settings.Filters}, 1{Options(1, 0, 1, 1, settings.UseBias)})"));
        return Activate($"{layers[1]}({layers[0]}({x}))", settings.Activation);
    }

    private static string BatchNorm(PythonComponent c)
    {
        var settings = c.SettingsAs<BatchNormSettings>();
        int d = BatchNormComponent.Dimensions(c.InputShapes[0]);
        var layer = c.Writer.Component(c.Key, ("layer", $"nn.BatchNorm{d}d({c.InputShapes[0][0]}, eps={Number(settings.Epsilon)}, momentum={Number(settings.Momentum)})"));
        return $"{layer[0]}({c.Input})";
    }

    private static string LayerNorm(PythonComponent c)
    {
        var settings = c.SettingsAs<LayerNormSettings>();
        long[] shape = LayerNormComponent.NormalizedShape(settings, c.InputShapes[0]);
        var layer = c.Writer.Component(c.Key, ("layer", $"nn.LayerNorm([{CodeText.Integers(shape)}], eps={Number(settings.Epsilon)})"));
        return $"{layer[0]}({c.Input})";
    }

    private static string Embedding(PythonComponent c)
    {
        var settings = c.SettingsAs<EmbeddingSettings>();
        var layer = c.Writer.Component(c.Key, ("layer", $"nn.Embedding({settings.VocabularySize}, {settings.Dimensions})"));
        return $"{layer[0]}({c.Input}.long())";
    }

    private static string Pooling(PythonComponent c)
    {
        var settings = c.SettingsAs<PoolingSettings>();
        if (settings.Global)
        {
            string axes = Tuple(Enumerable.Range(2, settings.Dimensions).Select(a => (long)a));
            return settings.Mode == PoolingMode.Max ? $"{c.Input}.amax(dim={axes})" : $"{c.Input}.mean(dim={axes})";
        }

        string type = $"{(settings.Mode == PoolingMode.Max ? "MaxPool" : "AvgPool")}{settings.Dimensions}d";
        long stride = settings.Stride == 0 ? settings.PoolSize : settings.Stride;
        return $"{c.Writer.Layer(c.Key, $"nn.{type}({settings.PoolSize}, stride={stride}, padding={settings.PaddingSize})")}({c.Input})";
    }

    private static string Merge(PythonComponent c)
    {
        var settings = c.SettingsAs<MergeSettings>();
        if (settings.Operation == MergeOperation.Concatenate)
        {
            long axis = ShapeRules.NormalizeAxis("Merge", settings.Axis, c.InputShapes[0].Rank) + 1;
            return $"torch.cat([{string.Join(", ", c.Inputs)}], {axis})";
        }

        return CodeText.Arithmetic(c.Inputs, settings.Operation);
    }

    private static string Normalize(PythonComponent c)
    {
        var settings = c.SettingsAs<NormalizeSettings>();
        string x = c.Input;
        string axes = Tuple(Enumerable.Range(1, c.InputShapes[0].Rank).Select(a => (long)a));
        string epsilon = Number(NormalizeComponent.Epsilon);
        switch (settings.Mode)
        {
            case NormalizeMode.Fixed:
                return $"({x} - {Number(settings.Mean)}) / {Number(settings.StandardDeviation)}";
            case NormalizeMode.MinMax when c.InputShapes[0].Rank > 0:
                c.Writer.Statement($"{c.Name}_min = {x}.amin(dim={axes}, keepdim=True)");
                c.Writer.Statement($"{c.Name}_max = {x}.amax(dim={axes}, keepdim=True)");
                return $"({x} - {c.Name}_min) / ({c.Name}_max - {c.Name}_min + {epsilon})";
            case NormalizeMode.Standardize when c.InputShapes[0].Rank > 0:
                c.Writer.Statement($"{c.Name}_mean = {x}.mean(dim={axes}, keepdim=True)");
                c.Writer.Statement($"{c.Name}_std = {x}.std(dim={axes}, unbiased=False, keepdim=True)");
                return $"({x} - {c.Name}_mean) / ({c.Name}_std + {epsilon})";
            default:
                return $"{x} - {x}";
        }
    }

    private static string Rescale(PythonComponent c)
    {
        var settings = c.SettingsAs<RescaleSettings>();
        string size = $"({settings.Height}, {settings.Width})";
        return settings.Mode == ResizeMode.Bilinear
            ? $"F.interpolate({c.Input}, size={size}, mode=\"bilinear\", align_corners=False)"
            : $"F.interpolate({c.Input}, size={size}, mode=\"nearest\")";
    }

    private static string Recurrent(PythonComponent c)
    {
        var settings = c.SettingsAs<RecurrentSettings>();
        string type = settings.Cell.ToString();
        var layer = c.Writer.Component(c.Key, ("layer", $"nn.{type}({c.InputShapes[0][1]}, {settings.HiddenSize}, num_layers={settings.Layers}, batch_first=True{(settings.Bidirectional ? ", bidirectional=True" : string.Empty)})"));
        string sequence = $"{c.Name}_sequence", hidden = $"{c.Name}_hidden";
        c.Writer.Statement(settings.Cell == RecurrentCell.LSTM
            ? $"{sequence}, ({hidden}, _) = {layer[0]}({c.Input})"
            : $"{sequence}, {hidden} = {layer[0]}({c.Input})");
        if (settings.ReturnSequences)
        {
            return sequence;
        }

        // The last layer's final state; forward and backward directions side by side.
        return settings.Bidirectional ? $"torch.cat([{hidden}[-2], {hidden}[-1]], 1)" : $"{hidden}[-1]";
    }
}
