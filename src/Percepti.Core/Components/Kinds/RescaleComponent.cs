using Percepti.Core.Components.Modules;
using Percepti.Core.Graph;
using static TorchSharp.torch;

namespace Percepti.Core.Components.Kinds;

/// <summary>Resizes C×H×W images.</summary>
internal sealed class RescaleComponent() : ComponentKind<RescaleSettings>(new RescaleSettings(32, 32, ResizeMode.Bilinear))
{
    /// <inheritdoc />
    public override string Name => "Rescale";

    /// <inheritdoc />
    public override ComponentCategory Category => ComponentCategory.Processing;

    /// <inheritdoc />
    public override string Description => "Resizes each C×H×W image to the given height and width.";

    /// <inheritdoc />
    protected override IEnumerable<SettingDescriptor> DescribeSettings() =>
    [
        SettingDescriptor.Integer<RescaleSettings>("height", "Height", "Output height in pixels.", s => s.Height, (s, v) => s with { Height = v }, 1, 16_384),
        SettingDescriptor.Integer<RescaleSettings>("width", "Width", "Output width in pixels.", s => s.Width, (s, v) => s with { Width = v }, 1, 16_384),
        SettingDescriptor.Choice<RescaleSettings, ResizeMode>("mode", "Mode", "How pixels are interpolated.", s => s.Mode, (s, v) => s with { Mode = v }),
    ];

    /// <inheritdoc />
    protected override TensorShape InferOutputShapeCore(RescaleSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        ShapeRules.RequireRank(Name, inputs[0], 3, 3, expected: "a C×H×W image");
        return TensorShape.Of(inputs[0][0], settings.Height, settings.Width);
    }

    /// <inheritdoc />
    protected override ComponentModule BuildCore(RescaleSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        long[] size = [settings.Height, settings.Width];
        var mode = settings.Mode == ResizeMode.Bilinear ? InterpolationMode.Bilinear : InterpolationMode.Nearest;
        bool? alignCorners = settings.Mode == ResizeMode.Bilinear ? false : null;
        return FunctionModule.Unary(Name, x => nn.functional.interpolate(x, size, mode: mode, align_corners: alignCorners));
    }
}
