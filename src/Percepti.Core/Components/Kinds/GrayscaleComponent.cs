using Percepti.Core.Components.Modules;
using Percepti.Core.Graph;
using static TorchSharp.torch;

namespace Percepti.Core.Components.Kinds;

/// <summary>Turns RGB images into one-channel luminance images.</summary>
internal sealed class GrayscaleComponent() : ComponentKind<GrayscaleSettings>(new GrayscaleSettings())
{
    internal static readonly float[] LumaWeights = [0.299f, 0.587f, 0.114f];

    /// <inheritdoc />
    public override string Name => "Grayscale";

    /// <inheritdoc />
    public override ComponentCategory Category => ComponentCategory.Processing;

    /// <inheritdoc />
    public override string Description => "Turns a 3×H×W RGB image into a 1×H×W luminance image (ITU-R 601 weights); 1×H×W passes through.";

    /// <inheritdoc />
    protected override IEnumerable<SettingDescriptor> DescribeSettings() => [];

    /// <inheritdoc />
    protected override TensorShape InferOutputShapeCore(GrayscaleSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        var input = inputs[0];
        ShapeRules.RequireRank(Name, input, 3, 3, expected: "a C×H×W image");
        if (input[0] is not (1 or 3))
        {
            throw new ComponentShapeException($"Grayscale expects 1 or 3 channels, but got shape {input} with {input[0]} channels.", "input");
        }

        return input.With(0, 1);
    }

    /// <inheritdoc />
    protected override ComponentModule BuildCore(GrayscaleSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        if (inputs[0][0] == 1)
        {
            return FunctionModule.Unary(Name, x => x);
        }

        return FunctionModule.Unary(Name, x =>
        {
            using var weights = tensor(LumaWeights, dtype: x.dtype, device: x.device).reshape(1, 3, 1, 1);
            return (x * weights).sum(1, keepdim: true);
        });
    }
}
