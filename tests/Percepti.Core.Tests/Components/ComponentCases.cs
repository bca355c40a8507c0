using Percepti.Core.Components;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Graph;

namespace Percepti.Core.Tests.Components;

/// <summary>One or more cases per built-in kind, shared by the shape, ONNX and code-view tests.</summary>
public static class ComponentCases
{
    private static readonly ConvolutionSettings Conv = new ConvolutionComponent().Defaults;

    /// <summary>Name, kind, settings, input shapes, and whether the inputs are class indices.</summary>
    public static TheoryData<string, string, ComponentSettings, TensorShape[], bool> All() => new()
    {
        { "input", "Input", new InputSettings(TensorShape.Of(3, 8, 8)), [], false },
        { "target-classes", "Target", new TargetSettings(5, TensorShape.Of(1)), [], true },
        { "target-regression", "Target", new TargetSettings(0, TensorShape.Of(2, 3)), [], false },
        { "reshape", "Reshape", new ReshapeSettings(IntegerList.Of(4, -1)), [TensorShape.Of(2, 3, 4)], false },
        { "permute", "Permute", new PermuteSettings(IntegerList.Of(1, 2, 0)), [TensorShape.Of(2, 3, 4)], false },
        { "flatten", "Flatten", new FlattenSettings(), [TensorShape.Of(2, 3, 4)], false },
        { "rescale-bilinear", "Rescale", new RescaleSettings(5, 7, ResizeMode.Bilinear), [TensorShape.Of(3, 10, 10)], false },
        { "rescale-nearest", "Rescale", new RescaleSettings(20, 4, ResizeMode.Nearest), [TensorShape.Of(1, 10, 10)], false },
        { "grayscale-rgb", "Grayscale", new GrayscaleSettings(), [TensorShape.Of(3, 6, 6)], false },
        { "grayscale-gray", "Grayscale", new GrayscaleSettings(), [TensorShape.Of(1, 6, 6)], false },
        { "onehot", "OneHot", new OneHotSettings(7), [TensorShape.Of(5)], true },
        { "normalize-standardize", "Normalize", new NormalizeSettings(NormalizeMode.Standardize, 0, 1), [TensorShape.Of(3, 4)], false },
        { "normalize-minmax", "Normalize", new NormalizeSettings(NormalizeMode.MinMax, 0, 1), [TensorShape.Of(3, 4)], false },
        { "normalize-fixed", "Normalize", new NormalizeSettings(NormalizeMode.Fixed, 0.5, 0.25), [TensorShape.Of(3, 4)], false },
        { "dense", "Dense", new DenseSettings(7, Activation.ReLU, true), [TensorShape.Of(12)], false },
        { "dense-no-bias-3d", "Dense", new DenseSettings(5, Activation.None, false), [TensorShape.Of(4, 6)], false },
        { "conv1d-valid", "Convolution", Conv with { Dimensions = 1, Filters = 6, KernelSize = 3 }, [TensorShape.Of(2, 20)], false },
        { "conv2d-valid", "Convolution", Conv with { Filters = 4, KernelSize = 3 }, [TensorShape.Of(3, 9, 9)], false },
        { "conv2d-same-stride2", "Convolution", Conv with { Filters = 4, KernelSize = 3, Stride = 2, Padding = ConvolutionPadding.Same }, [TensorShape.Of(3, 9, 8)], false },
        { "conv2d-same-even-kernel", "Convolution", Conv with { Filters = 4, KernelSize = 4, Padding = ConvolutionPadding.Same }, [TensorShape.Of(3, 9, 9)], false },
        { "conv2d-explicit-dilated", "Convolution", Conv with { Filters = 4, KernelSize = 3, Padding = ConvolutionPadding.Explicit, PaddingSize = 2, Dilation = 2 }, [TensorShape.Of(3, 9, 9)], false },
        { "conv2d-groups", "Convolution", Conv with { Filters = 8, KernelSize = 3, Groups = 2, Activation = Activation.GELU }, [TensorShape.Of(4, 9, 9)], false },
        { "conv3d", "Convolution", Conv with { Dimensions = 3, Filters = 2, KernelSize = 2 }, [TensorShape.Of(1, 5, 5, 5)], false },
        { "conv2d-transposed", "Convolution", Conv with { Variant = ConvolutionVariant.Transposed, Filters = 3, KernelSize = 3, Stride = 2, OutputPadding = 1 }, [TensorShape.Of(4, 5, 5)], false },
        { "conv2d-transposed-same", "Convolution", Conv with { Variant = ConvolutionVariant.Transposed, Filters = 3, KernelSize = 3, Stride = 2, Padding = ConvolutionPadding.Same }, [TensorShape.Of(4, 5, 6)], false },
        { "conv1d-transposed", "Convolution", Conv with { Dimensions = 1, Variant = ConvolutionVariant.Transposed, Filters = 3, KernelSize = 4, Stride = 2 }, [TensorShape.Of(4, 7)], false },
        { "conv2d-depthwise", "Convolution", Conv with { Variant = ConvolutionVariant.Depthwise, KernelSize = 3, DepthMultiplier = 2 }, [TensorShape.Of(3, 8, 8)], false },
        { "conv2d-separable", "Convolution", Conv with { Variant = ConvolutionVariant.Separable, Filters = 5, KernelSize = 3, Padding = ConvolutionPadding.Same }, [TensorShape.Of(3, 8, 8)], false },
        { "pool2d-max", "Pooling", new PoolingSettings(2, PoolingMode.Max, false, 2, 0, 0), [TensorShape.Of(3, 9, 9)], false },
        { "pool2d-avg-stride-pad", "Pooling", new PoolingSettings(2, PoolingMode.Average, false, 3, 2, 1), [TensorShape.Of(3, 9, 9)], false },
        { "pool1d", "Pooling", new PoolingSettings(1, PoolingMode.Max, false, 2, 0, 0), [TensorShape.Of(3, 9)], false },
        { "pool3d", "Pooling", new PoolingSettings(3, PoolingMode.Average, false, 2, 0, 0), [TensorShape.Of(2, 4, 4, 4)], false },
        { "pool2d-global-avg", "Pooling", new PoolingSettings(2, PoolingMode.Average, true, 2, 0, 0), [TensorShape.Of(5, 4, 4)], false },
        { "pool2d-global-max", "Pooling", new PoolingSettings(2, PoolingMode.Max, true, 2, 0, 0), [TensorShape.Of(5, 4, 4)], false },
        { "activation-relu", "Activation", new ActivationSettings(Activation.ReLU, 0.01), [TensorShape.Of(4, 3)], false },
        { "activation-leaky", "Activation", new ActivationSettings(Activation.LeakyReLU, 0.2), [TensorShape.Of(4)], false },
        { "activation-gelu", "Activation", new ActivationSettings(Activation.GELU, 0.01), [TensorShape.Of(4)], false },
        { "activation-sigmoid", "Activation", new ActivationSettings(Activation.Sigmoid, 0.01), [TensorShape.Of(4)], false },
        { "activation-tanh", "Activation", new ActivationSettings(Activation.Tanh, 0.01), [TensorShape.Of(4)], false },
        { "activation-softmax", "Activation", new ActivationSettings(Activation.Softmax, 0.01), [TensorShape.Of(4)], false },
        { "activation-silu", "Activation", new ActivationSettings(Activation.SiLU, 0.01), [TensorShape.Of(4)], false },
        { "dropout", "Dropout", new DropoutSettings(0.3), [TensorShape.Of(6)], false },
        { "batchnorm-1d", "BatchNorm", new BatchNormSettings(0.1, 1e-5), [TensorShape.Of(6)], false },
        { "batchnorm-2d", "BatchNorm", new BatchNormSettings(0.1, 1e-5), [TensorShape.Of(3, 5, 5)], false },
        { "batchnorm-3d", "BatchNorm", new BatchNormSettings(0.1, 1e-5), [TensorShape.Of(2, 3, 3, 3)], false },
        { "layernorm-all", "LayerNorm", new LayerNormSettings(0, 1e-5), [TensorShape.Of(3, 4)], false },
        { "layernorm-last", "LayerNorm", new LayerNormSettings(1, 1e-5), [TensorShape.Of(3, 4)], false },
        { "lstm", "Recurrent", new RecurrentSettings(RecurrentCell.LSTM, 6, 2, false, false), [TensorShape.Of(5, 3)], false },
        { "lstm-bidirectional-sequences", "Recurrent", new RecurrentSettings(RecurrentCell.LSTM, 6, 1, true, true), [TensorShape.Of(5, 3)], false },
        { "gru-bidirectional", "Recurrent", new RecurrentSettings(RecurrentCell.GRU, 4, 2, true, false), [TensorShape.Of(5, 3)], false },
        { "rnn", "Recurrent", new RecurrentSettings(RecurrentCell.RNN, 4, 1, false, true), [TensorShape.Of(5, 3)], false },
        { "embedding", "Embedding", new EmbeddingSettings(20, 4), [TensorShape.Of(6)], true },
        { "merge-add", "Merge", new MergeSettings(MergeOperation.Add, 3, 0), [TensorShape.Of(2, 3), TensorShape.Of(2, 3), TensorShape.Of(2, 3)], false },
        { "merge-subtract", "Merge", new MergeSettings(MergeOperation.Subtract, 2, 0), [TensorShape.Of(4), TensorShape.Of(4)], false },
        { "merge-multiply", "Merge", new MergeSettings(MergeOperation.Multiply, 2, 0), [TensorShape.Of(4), TensorShape.Of(4)], false },
        { "merge-divide", "Merge", new MergeSettings(MergeOperation.Divide, 2, 0), [TensorShape.Of(4), TensorShape.Of(4)], false },
        { "merge-concat-channels", "Merge", new MergeSettings(MergeOperation.Concatenate, 2, 0), [TensorShape.Of(2, 5, 5), TensorShape.Of(3, 5, 5)], false },
        { "merge-concat-last", "Merge", new MergeSettings(MergeOperation.Concatenate, 3, -1), [TensorShape.Of(2, 1), TensorShape.Of(2, 2), TensorShape.Of(2, 3)], false },
        { "argmax", "Argmax", new ArgmaxSettings(0), [TensorShape.Of(5, 3)], false },
        { "argmax-last", "Argmax", new ArgmaxSettings(-1), [TensorShape.Of(5, 3)], false },
        { "classification", "Classification", new ClassificationSettings(0.1), [TensorShape.Of(4), TensorShape.Of(4)], false },
        { "classification-weighted", "Classification", new ClassificationSettings(0) { ClassWeights = NumberList.Of(1, 2, 0.5, 1) }, [TensorShape.Of(4), TensorShape.Of(4)], false },
        { "regression-mse", "Regression", new RegressionSettings(RegressionLoss.MeanSquaredError, 1), [TensorShape.Of(2), TensorShape.Of(2)], false },
        { "regression-mae", "Regression", new RegressionSettings(RegressionLoss.MeanAbsoluteError, 1), [TensorShape.Of(2), TensorShape.Of(2)], false },
        { "regression-huber", "Regression", new RegressionSettings(RegressionLoss.Huber, 0.5), [TensorShape.Of(2), TensorShape.Of(2)], false },
    };

    /// <summary>The cases a deployed model runs: every kind but inputs, targets and loss heads.</summary>
    public static TheoryData<string, string, ComponentSettings, TensorShape[], bool> Layers()
    {
        var layers = new TheoryData<string, string, ComponentSettings, TensorShape[], bool>();
        foreach (var row in All())
        {
            var kind = ComponentCatalog.Default.Get((string)row[1]);
            if (!kind.IsSource && !kind.IsHead)
            {
                layers.Add((string)row[0], (string)row[1], (ComponentSettings)row[2], (TensorShape[])row[3], (bool)row[4]);
            }
        }

        return layers;
    }

    /// <summary>A graph of one component fed by inputs <c>in0</c>, <c>in1</c>, … and named <c>component</c>.</summary>
    public static ModelGraph SingleComponent(string kind, ComponentSettings settings, TensorShape[] inputs) => ModelGraph.Create("single", g =>
    {
        var sources = inputs.Select((shape, i) => g.Input($"in{i}", shape)).ToList();
        g.Component(kind, settings, sources, "component");
    });
}
