using Percepti.Core.Components.Modules;
using Percepti.Core.Graph;
using static TorchSharp.torch;

namespace Percepti.Core.Components.Kinds;

/// <summary>The loss head for regression: MSE, MAE or Huber between prediction and target.</summary>
internal sealed class RegressionComponent() : ComponentKind<RegressionSettings>(new RegressionSettings(RegressionLoss.MeanSquaredError, 1.0))
{
    /// <inheritdoc />
    public override string Name => "Regression";

    /// <inheritdoc />
    public override ComponentCategory Category => ComponentCategory.Heads;

    /// <inheritdoc />
    public override string Description => "Trains the model to predict values: mean squared, mean absolute or Huber error between prediction and target.";

    /// <inheritdoc />
    protected override IEnumerable<SettingDescriptor> DescribeSettings() =>
    [
        SettingDescriptor.Choice<RegressionSettings, RegressionLoss>("loss", "Loss", "The error minimized.", s => s.Loss, (s, v) => s with { Loss = v }),
        SettingDescriptor.Number<RegressionSettings>("delta", "Delta", "For Huber: where the loss turns from quadratic to linear.", s => s.Delta, (s, v) => s with { Delta = v }, 1e-6, 1e6),
    ];

    /// <inheritdoc />
    protected override IReadOnlyList<PortDefinition> InputPortsCore(RegressionSettings settings) =>
    [
        new PortDefinition(RegressionSettings.PredictionPort, "The predicted values."),
        new PortDefinition(RegressionSettings.TargetPort, "The target values, from a Target component."),
    ];

    /// <inheritdoc />
    protected override TensorShape InferOutputShapeCore(RegressionSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        if (inputs[0] != inputs[1])
        {
            throw new ComponentShapeException($"Regression needs prediction and target of the same shape, but the prediction is {inputs[0]} and the target is {inputs[1]}.", RegressionSettings.PredictionPort);
        }

        return TensorShape.Scalar;
    }

    /// <inheritdoc />
    protected override ComponentModule BuildCore(RegressionSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        Func<Tensor, Tensor, Tensor> loss = settings.Loss switch
        {
            RegressionLoss.MeanAbsoluteError => (p, t) => nn.functional.l1_loss(p, t),
            RegressionLoss.Huber => (p, t) => nn.functional.huber_loss(p, t, delta: settings.Delta),
            _ => (p, t) => nn.functional.mse_loss(p, t),
        };

        // libtorch would broadcast [B, 1] against [B] (every prediction against every target) with only a
        // warning on stderr: different shapes are an error here, never a silently wrong loss.
        return new FunctionModule(Name, xs => xs[0].shape.SequenceEqual(xs[1].shape)
            ? loss(xs[0], xs[1])
            : throw new ArgumentException($"{Name} needs prediction and target of the same shape, but got [{string.Join(", ", xs[0].shape)}] and [{string.Join(", ", xs[1].shape)}] (batch first)."));
    }
}
