using Percepti.Core.Components.Kinds;
using Percepti.Core.Graph;

namespace Percepti.Core.Components;

/// <summary>
/// The fluent API: each method adds one component fed from <c>input</c> and returns its output, so
/// a model reads as a chain: <c>image.Conv2D(32, 3, Activation.ReLU).MaxPool2D(2).Flatten().Dense(10)</c>.
/// Every method takes an optional <c>name</c> (the node's id and label); otherwise one is generated.
/// </summary>
public static class NodeOutputExtensions
{
    private static readonly ConvolutionSettings ConvolutionDefaults = new ConvolutionComponent().Defaults;

    /// <summary>Adds a 2D convolution.</summary>
    /// <param name="input">The C×H×W input.</param>
    /// <param name="filters">Output channels.</param>
    /// <param name="kernel">Window size.</param>
    /// <param name="activation">Activation applied to the output.</param>
    /// <param name="stride">Step.</param>
    /// <param name="padding">Valid, Same or Explicit.</param>
    /// <param name="paddingSize">For explicit padding: zeros per side.</param>
    /// <param name="dilation">Spacing between window elements.</param>
    /// <param name="groups">Channel groups.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The convolution's output.</returns>
    public static NodeOutput Conv2D(this NodeOutput input, int filters, int kernel = 3, Activation activation = Activation.None, int stride = 1, ConvolutionPadding padding = ConvolutionPadding.Valid, int paddingSize = 0, int dilation = 1, int groups = 1, string? name = null) =>
        Convolution(input, 2, ConvolutionVariant.Standard, filters, kernel, activation, stride, padding, paddingSize, dilation, groups, name, "conv2d");

    /// <summary>Adds a 1D convolution.</summary>
    /// <param name="input">The C×L input.</param>
    /// <param name="filters">Output channels.</param>
    /// <param name="kernel">Window size.</param>
    /// <param name="activation">Activation applied to the output.</param>
    /// <param name="stride">Step.</param>
    /// <param name="padding">Valid, Same or Explicit.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The convolution's output.</returns>
    public static NodeOutput Conv1D(this NodeOutput input, int filters, int kernel = 3, Activation activation = Activation.None, int stride = 1, ConvolutionPadding padding = ConvolutionPadding.Valid, string? name = null) =>
        Convolution(input, 1, ConvolutionVariant.Standard, filters, kernel, activation, stride, padding, 0, 1, 1, name, "conv1d");

    /// <summary>Adds a 3D convolution.</summary>
    /// <param name="input">The C×D×H×W input.</param>
    /// <param name="filters">Output channels.</param>
    /// <param name="kernel">Window size.</param>
    /// <param name="activation">Activation applied to the output.</param>
    /// <param name="stride">Step.</param>
    /// <param name="padding">Valid, Same or Explicit.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The convolution's output.</returns>
    public static NodeOutput Conv3D(this NodeOutput input, int filters, int kernel = 3, Activation activation = Activation.None, int stride = 1, ConvolutionPadding padding = ConvolutionPadding.Valid, string? name = null) =>
        Convolution(input, 3, ConvolutionVariant.Standard, filters, kernel, activation, stride, padding, 0, 1, 1, name, "conv3d");

    /// <summary>Adds a 2D transposed convolution (learned upsampling).</summary>
    /// <param name="input">The C×H×W input.</param>
    /// <param name="filters">Output channels.</param>
    /// <param name="kernel">Window size.</param>
    /// <param name="stride">Upsampling step.</param>
    /// <param name="activation">Activation applied to the output.</param>
    /// <param name="padding">Valid, Same or Explicit.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The convolution's output.</returns>
    public static NodeOutput ConvTranspose2D(this NodeOutput input, int filters, int kernel = 3, int stride = 2, Activation activation = Activation.None, ConvolutionPadding padding = ConvolutionPadding.Valid, string? name = null) =>
        Convolution(input, 2, ConvolutionVariant.Transposed, filters, kernel, activation, stride, padding, 0, 1, 1, name, "conv_transpose2d");

    /// <summary>Adds a 2D depthwise convolution (one filter set per channel).</summary>
    /// <param name="input">The C×H×W input.</param>
    /// <param name="kernel">Window size.</param>
    /// <param name="depthMultiplier">Filters per input channel.</param>
    /// <param name="activation">Activation applied to the output.</param>
    /// <param name="padding">Valid, Same or Explicit.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The convolution's output.</returns>
    public static NodeOutput DepthwiseConv2D(this NodeOutput input, int kernel = 3, int depthMultiplier = 1, Activation activation = Activation.None, ConvolutionPadding padding = ConvolutionPadding.Valid, string? name = null) =>
        input.Builder.AddNode("Convolution", ConvolutionDefaults with { Variant = ConvolutionVariant.Depthwise, KernelSize = kernel, DepthMultiplier = depthMultiplier, Activation = activation, Padding = padding }, [input], name, "depthwise_conv2d");

    /// <summary>Adds a 2D separable convolution (depthwise, then 1×1 pointwise).</summary>
    /// <param name="input">The C×H×W input.</param>
    /// <param name="filters">Output channels.</param>
    /// <param name="kernel">Window size.</param>
    /// <param name="activation">Activation applied to the output.</param>
    /// <param name="padding">Valid, Same or Explicit.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The convolution's output.</returns>
    public static NodeOutput SeparableConv2D(this NodeOutput input, int filters, int kernel = 3, Activation activation = Activation.None, ConvolutionPadding padding = ConvolutionPadding.Valid, string? name = null) =>
        Convolution(input, 2, ConvolutionVariant.Separable, filters, kernel, activation, 1, padding, 0, 1, 1, name, "separable_conv2d");

    /// <summary>Adds 2D max pooling.</summary>
    /// <param name="input">The C×H×W input.</param>
    /// <param name="size">Window size.</param>
    /// <param name="stride">Step; the window size when 0.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The pooled output.</returns>
    public static NodeOutput MaxPool2D(this NodeOutput input, int size = 2, int stride = 0, string? name = null) =>
        Pool(input, 2, PoolingMode.Max, false, size, stride, name, "max_pool2d");

    /// <summary>Adds 2D average pooling.</summary>
    /// <param name="input">The C×H×W input.</param>
    /// <param name="size">Window size.</param>
    /// <param name="stride">Step; the window size when 0.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The pooled output.</returns>
    public static NodeOutput AvgPool2D(this NodeOutput input, int size = 2, int stride = 0, string? name = null) =>
        Pool(input, 2, PoolingMode.Average, false, size, stride, name, "avg_pool2d");

    /// <summary>Adds 1D max pooling.</summary>
    /// <param name="input">The C×L input.</param>
    /// <param name="size">Window size.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The pooled output.</returns>
    public static NodeOutput MaxPool1D(this NodeOutput input, int size = 2, string? name = null) =>
        Pool(input, 1, PoolingMode.Max, false, size, 0, name, "max_pool1d");

    /// <summary>Adds global average pooling over the spatial axes of a C×H×W input (output: C).</summary>
    /// <param name="input">The C×H×W input.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The pooled output.</returns>
    public static NodeOutput GlobalAvgPool2D(this NodeOutput input, string? name = null) =>
        Pool(input, 2, PoolingMode.Average, true, 2, 0, name, "global_avg_pool2d");

    /// <summary>Adds global max pooling over the spatial axes of a C×H×W input (output: C).</summary>
    /// <param name="input">The C×H×W input.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The pooled output.</returns>
    public static NodeOutput GlobalMaxPool2D(this NodeOutput input, string? name = null) =>
        Pool(input, 2, PoolingMode.Max, true, 2, 0, name, "global_max_pool2d");

    /// <summary>Flattens each sample into a vector.</summary>
    /// <param name="input">Any input.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The vector output.</returns>
    public static NodeOutput Flatten(this NodeOutput input, string? name = null) =>
        Add(input, "Flatten", new FlattenSettings(), name, "flatten");

    /// <summary>Adds a fully connected layer on the last axis.</summary>
    /// <param name="input">The input (features last).</param>
    /// <param name="units">Output features.</param>
    /// <param name="activation">Activation applied to the output.</param>
    /// <param name="useBias">Whether a bias is added.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The layer's output.</returns>
    public static NodeOutput Dense(this NodeOutput input, int units, Activation activation = Activation.None, bool useBias = true, string? name = null) =>
        Add(input, "Dense", new DenseSettings(units, activation, useBias), name, "dense");

    /// <summary>Applies an activation function.</summary>
    /// <param name="input">The input.</param>
    /// <param name="function">The function.</param>
    /// <param name="negativeSlope">For LeakyReLU: the slope below zero.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The activated output.</returns>
    public static NodeOutput Activate(this NodeOutput input, Activation function, double negativeSlope = 0.01, string? name = null) =>
        Add(input, "Activation", new ActivationSettings(function, negativeSlope), name, function.ToString().ToLowerInvariant());

    /// <summary>Adds dropout (training only).</summary>
    /// <param name="input">The input.</param>
    /// <param name="rate">Fraction dropped.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The output.</returns>
    public static NodeOutput Dropout(this NodeOutput input, double rate = 0.5, string? name = null) =>
        Add(input, "Dropout", new DropoutSettings(rate), name, "dropout");

    /// <summary>Adds batch normalization.</summary>
    /// <param name="input">Features, C×L, C×H×W or C×D×H×W.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The normalized output.</returns>
    public static NodeOutput BatchNorm(this NodeOutput input, string? name = null) =>
        Add(input, "BatchNorm", new BatchNormSettings(0.1, 1e-5), name, "batch_norm");

    /// <summary>Adds layer normalization over all per-sample axes.</summary>
    /// <param name="input">The input.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The normalized output.</returns>
    public static NodeOutput LayerNorm(this NodeOutput input, string? name = null) =>
        Add(input, "LayerNorm", new LayerNormSettings(0, 1e-5), name, "layer_norm");

    /// <summary>Gives each sample a new shape (one dimension may be -1).</summary>
    /// <param name="input">The input.</param>
    /// <param name="shape">The new per-sample shape.</param>
    /// <returns>The reshaped output.</returns>
    public static NodeOutput Reshape(this NodeOutput input, params int[] shape) =>
        Add(input, "Reshape", new ReshapeSettings(IntegerList.Of(shape)), null, "reshape");

    /// <summary>Reorders the per-sample axes.</summary>
    /// <param name="input">The input.</param>
    /// <param name="order">The new axis order.</param>
    /// <returns>The permuted output.</returns>
    public static NodeOutput Permute(this NodeOutput input, params int[] order) =>
        Add(input, "Permute", new PermuteSettings(IntegerList.Of(order)), null, "permute");

    /// <summary>Resizes C×H×W images.</summary>
    /// <param name="input">The image input.</param>
    /// <param name="height">Output height.</param>
    /// <param name="width">Output width.</param>
    /// <param name="mode">Interpolation.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The resized output.</returns>
    public static NodeOutput Rescale(this NodeOutput input, int height, int width, ResizeMode mode = ResizeMode.Bilinear, string? name = null) =>
        Add(input, "Rescale", new RescaleSettings(height, width, mode), name, "rescale");

    /// <summary>Turns RGB images into grayscale.</summary>
    /// <param name="input">The image input.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The 1×H×W output.</returns>
    public static NodeOutput Grayscale(this NodeOutput input, string? name = null) =>
        Add(input, "Grayscale", new GrayscaleSettings(), name, "grayscale");

    /// <summary>One-hot encodes integer class indices.</summary>
    /// <param name="input">The indices.</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The encoded output.</returns>
    public static NodeOutput OneHot(this NodeOutput input, int classes, string? name = null) =>
        Add(input, "OneHot", new OneHotSettings(classes), name, "one_hot");

    /// <summary>Normalizes each sample.</summary>
    /// <param name="input">The input.</param>
    /// <param name="mode">Standardize, MinMax or Fixed.</param>
    /// <param name="mean">For Fixed: the mean.</param>
    /// <param name="standardDeviation">For Fixed: the standard deviation.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The normalized output.</returns>
    public static NodeOutput Normalize(this NodeOutput input, NormalizeMode mode = NormalizeMode.Standardize, double mean = 0, double standardDeviation = 1, string? name = null) =>
        Add(input, "Normalize", new NormalizeSettings(mode, mean, standardDeviation), name, "normalize");

    /// <summary>Adds a recurrent layer over a time × features sequence.</summary>
    /// <param name="input">The sequence.</param>
    /// <param name="cell">LSTM, GRU or RNN.</param>
    /// <param name="hiddenSize">Hidden features.</param>
    /// <param name="layers">Stacked layers.</param>
    /// <param name="bidirectional">Read both ways.</param>
    /// <param name="returnSequences">Output every step.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The layer's output.</returns>
    public static NodeOutput Recurrent(this NodeOutput input, RecurrentCell cell, int hiddenSize, int layers = 1, bool bidirectional = false, bool returnSequences = false, string? name = null) =>
        Add(input, "Recurrent", new RecurrentSettings(cell, hiddenSize, layers, bidirectional, returnSequences), name, cell.ToString().ToLowerInvariant());

    /// <summary>Adds an LSTM layer.</summary>
    /// <param name="input">The time × features sequence.</param>
    /// <param name="hiddenSize">Hidden features.</param>
    /// <param name="returnSequences">Output every step.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The layer's output.</returns>
    public static NodeOutput LSTM(this NodeOutput input, int hiddenSize, bool returnSequences = false, string? name = null) =>
        input.Recurrent(RecurrentCell.LSTM, hiddenSize, returnSequences: returnSequences, name: name);

    /// <summary>Adds a GRU layer.</summary>
    /// <param name="input">The time × features sequence.</param>
    /// <param name="hiddenSize">Hidden features.</param>
    /// <param name="returnSequences">Output every step.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The layer's output.</returns>
    public static NodeOutput GRU(this NodeOutput input, int hiddenSize, bool returnSequences = false, string? name = null) =>
        input.Recurrent(RecurrentCell.GRU, hiddenSize, returnSequences: returnSequences, name: name);

    /// <summary>Maps integer tokens to learned vectors.</summary>
    /// <param name="input">The tokens.</param>
    /// <param name="vocabularySize">Distinct tokens.</param>
    /// <param name="dimensions">Vector length.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The embedded output.</returns>
    public static NodeOutput Embedding(this NodeOutput input, int vocabularySize, int dimensions, string? name = null) =>
        Add(input, "Embedding", new EmbeddingSettings(vocabularySize, dimensions), name, "embedding");

    /// <summary>Replaces an axis by the index of its largest value.</summary>
    /// <param name="input">The input.</param>
    /// <param name="axis">The per-sample axis.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The indices.</returns>
    public static NodeOutput Argmax(this NodeOutput input, int axis = 0, string? name = null) =>
        Add(input, "Argmax", new ArgmaxSettings(axis), name, "argmax");

    /// <summary>Adds another output element-wise (a residual connection).</summary>
    /// <param name="input">The first operand.</param>
    /// <param name="other">The second operand, of equal shape.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The sum.</returns>
    public static NodeOutput Add(this NodeOutput input, NodeOutput other, string? name = null) => Binary(input, other, MergeOperation.Add, name);

    /// <summary>Subtracts another output element-wise.</summary>
    /// <param name="input">The first operand.</param>
    /// <param name="other">The operand subtracted.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The difference.</returns>
    public static NodeOutput Subtract(this NodeOutput input, NodeOutput other, string? name = null) => Binary(input, other, MergeOperation.Subtract, name);

    /// <summary>Multiplies by another output element-wise.</summary>
    /// <param name="input">The first operand.</param>
    /// <param name="other">The second operand.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The product.</returns>
    public static NodeOutput Multiply(this NodeOutput input, NodeOutput other, string? name = null) => Binary(input, other, MergeOperation.Multiply, name);

    /// <summary>Divides by another output element-wise.</summary>
    /// <param name="input">The dividend.</param>
    /// <param name="other">The divisor.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The quotient.</returns>
    public static NodeOutput Divide(this NodeOutput input, NodeOutput other, string? name = null) => Binary(input, other, MergeOperation.Divide, name);

    /// <summary>Adds a node of any catalog kind fed from this output.</summary>
    /// <param name="input">The input.</param>
    /// <param name="kind">The kind's name.</param>
    /// <param name="settings">Its settings; defaults when null.</param>
    /// <param name="name">The node's id and label.</param>
    /// <returns>The node's output.</returns>
    public static NodeOutput Then(this NodeOutput input, string kind, ComponentSettings? settings = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Builder.Component(kind, settings, [input], name);
    }

    private static NodeOutput Binary(NodeOutput input, NodeOutput other, MergeOperation operation, string? name)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Builder.Merge(operation, [input, other], 0, name);
    }

    private static NodeOutput Convolution(NodeOutput input, int dimensions, ConvolutionVariant variant, int filters, int kernel, Activation activation, int stride, ConvolutionPadding padding, int paddingSize, int dilation, int groups, string? name, string prefix)
    {
        var settings = ConvolutionDefaults with
        {
            Dimensions = dimensions,
            Variant = variant,
            Filters = filters,
            KernelSize = kernel,
            Activation = activation,
            Stride = stride,
            Padding = padding,
            PaddingSize = paddingSize,
            Dilation = dilation,
            Groups = groups,
        };
        return Add(input, "Convolution", settings, name, prefix);
    }

    private static NodeOutput Pool(NodeOutput input, int dimensions, PoolingMode mode, bool global, int size, int stride, string? name, string prefix) =>
        Add(input, "Pooling", new PoolingSettings(dimensions, mode, global, size, stride, 0), name, prefix);

    private static NodeOutput Add(NodeOutput input, string kind, ComponentSettings settings, string? name, string prefix)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Builder.AddNode(kind, settings, [input], name, prefix);
    }
}
