using Percepti.Core.Components.Modules;
using Percepti.Core.Graph;
using static TorchSharp.torch;

namespace Percepti.Core.Components.Kinds;

/// <summary>The loss head for classification: softmax cross-entropy between logits and target classes.</summary>
internal sealed class ClassificationComponent() : ComponentKind<ClassificationSettings>(new ClassificationSettings(0))
{
    /// <inheritdoc />
    public override string Name => "Classification";

    /// <inheritdoc />
    public override ComponentCategory Category => ComponentCategory.Heads;

    /// <inheritdoc />
    public override string Description => "Trains the model to classify: softmax cross-entropy between the class scores (logits) and the target classes.";

    /// <inheritdoc />
    protected override IEnumerable<SettingDescriptor> DescribeSettings() =>
    [
        SettingDescriptor.Number<ClassificationSettings>("labelSmoothing", "Label smoothing", "Fraction of the target spread evenly over all classes.", s => s.LabelSmoothing, (s, v) => s with { LabelSmoothing = v }, 0, 0.99),
        SettingDescriptor.NumberList<ClassificationSettings>("classWeights", "Class weights", "A weight per class (e.g. to counter imbalance); empty for equal weights.", s => s.ClassWeights, (s, v) => s with { ClassWeights = NumberList.From(v) }, 100_000, 0, 1e6),
    ];

    /// <inheritdoc />
    protected override IReadOnlyList<PortDefinition> InputPortsCore(ClassificationSettings settings) =>
    [
        new PortDefinition(ClassificationSettings.LogitsPort, "Unnormalized class scores, classes on axis 0."),
        new PortDefinition(ClassificationSettings.TargetPort, "The target classes, from a Target component."),
    ];

    /// <inheritdoc />
    protected override TensorShape InferOutputShapeCore(ClassificationSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        var logits = inputs[0];
        var target = inputs[1];
        ShapeRules.RequireRank(Name, logits, 1, 8, ClassificationSettings.LogitsPort, "class scores with classes on axis 0");
        if (logits != target)
        {
            throw new ComponentShapeException($"Classification needs logits and target of the same shape, but logits are {logits} and the target is {target}.", ClassificationSettings.LogitsPort);
        }

        if (logits[0] < 2)
        {
            throw new ComponentShapeException($"Classification needs at least 2 classes, but logits are {logits}.", ClassificationSettings.LogitsPort);
        }

        if (settings.ClassWeights.Count > 0 && settings.ClassWeights.Count != logits[0])
        {
            throw new ComponentShapeException($"Classification has {settings.ClassWeights.Count} class weights but the logits {logits} have {logits[0]} classes.", ClassificationSettings.LogitsPort);
        }

        return TensorShape.Scalar;
    }

    /// <inheritdoc />
    protected override ComponentModule BuildCore(ClassificationSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        float[] weights = [.. settings.ClassWeights.Select(w => (float)w)];
        return new FunctionModule(Name, xs =>
        {
            var target = xs[1];

            // Integer class indices (one fewer axis than the logits) are used as they are.
            if (target.dim() == xs[0].dim() - 1 && !target.is_floating_point())
            {
                var classWeight = weights.Length == 0 ? null : tensor(weights, device: xs[0].device);
                var indices = target.dtype == ScalarType.Int64 ? target : target.to(ScalarType.Int64);
                return nn.functional.cross_entropy(xs[0], indices, weight: classWeight, label_smoothing: settings.LabelSmoothing);
            }

            // Without class weights, cross-entropy against one-hot rows equals the index form; no conversion needed.
            if (weights.Length == 0)
            {
                return nn.functional.cross_entropy(xs[0], target, label_smoothing: settings.LabelSmoothing);
            }

            // Created per call on the logits' device; the caller's dispose scope frees it.
            var weight = tensor(weights, device: xs[0].device);

            // Hard (one-hot) targets become class indices, so the mean is weighted by the rows'
            // class weights, as users expect; soft targets stay probabilities.
            bool hard = target.amax(1).eq(1).all().item<bool>();
            return hard
                ? nn.functional.cross_entropy(xs[0], target.argmax(1), weight: weight, label_smoothing: settings.LabelSmoothing)
                : nn.functional.cross_entropy(xs[0], target, weight: weight, label_smoothing: settings.LabelSmoothing);
        });
    }
}
