using Percepti.Core.Components.Modules;
using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Rescales the values of each sample.</summary>
internal sealed class NormalizeComponent() : ComponentKind<NormalizeSettings>(new NormalizeSettings(NormalizeMode.Standardize, 0, 1))
{
    internal const double Epsilon = 1e-8;

    /// <inheritdoc />
    public override string Name => "Normalize";

    /// <inheritdoc />
    public override ComponentCategory Category => ComponentCategory.Processing;

    /// <inheritdoc />
    public override string Description => "Rescales each sample: to zero mean and unit variance, to [0, 1], or with a fixed mean and standard deviation.";

    /// <inheritdoc />
    protected override IEnumerable<SettingDescriptor> DescribeSettings() =>
    [
        SettingDescriptor.Choice<NormalizeSettings, NormalizeMode>("mode", "Mode", "How each sample is rescaled.", s => s.Mode, (s, v) => s with { Mode = v }),
        SettingDescriptor.Number<NormalizeSettings>("mean", "Mean", "For Fixed mode: the value subtracted.", s => s.Mean, (s, v) => s with { Mean = v }, -1e9, 1e9),
        SettingDescriptor.Number<NormalizeSettings>("standardDeviation", "Standard deviation", "For Fixed mode: the divisor.", s => s.StandardDeviation, (s, v) => s with { StandardDeviation = v }, 1e-12, 1e9),
    ];

    /// <inheritdoc />
    protected override TensorShape InferOutputShapeCore(NormalizeSettings settings, IReadOnlyList<TensorShape> inputs) => inputs[0];

    /// <inheritdoc />
    protected override ComponentModule BuildCore(NormalizeSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        long[] axes = [.. Enumerable.Range(1, inputs[0].Rank).Select(a => (long)a)];
        return settings.Mode switch
        {
            NormalizeMode.Fixed => FunctionModule.Unary(Name, x => (x - settings.Mean) / settings.StandardDeviation),
            NormalizeMode.MinMax when axes.Length > 0 => FunctionModule.Unary(Name, x =>
            {
                var min = x.amin(axes, keepdim: true);
                var max = x.amax(axes, keepdim: true);
                return (x - min) / (max - min + Epsilon);
            }),
            NormalizeMode.Standardize when axes.Length > 0 => FunctionModule.Unary(Name, x =>
            {
                var mean = x.mean(axes, keepdim: true);
                var std = x.std(axes, unbiased: false, keepdim: true);
                return (x - mean) / (std + Epsilon);
            }),

            // A scalar sample has nothing to normalize against.
            _ => FunctionModule.Unary(Name, x => x - x),
        };
    }
}
