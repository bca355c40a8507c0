using Percepti.Core.Components.Kinds;
using Percepti.Core.Graph;

namespace Percepti.Core.Components;

/// <summary>
/// The graph builder's methods that name a built-in kind: data (Input, Target), heads (Classification,
/// Regression) and merges. They live beside the kinds, so the Graph layer never names one.
/// </summary>
public static class GraphBuilderExtensions
{
    /// <summary>Adds an Input: one column of the dataset.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The input's name (its id and label), matching the dataset column.</param>
    /// <param name="shape">The shape of one sample, channels first, without the batch.</param>
    /// <returns>The input's output.</returns>
    public static NodeOutput Input(this GraphBuilder builder, string name, TensorShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return builder.AddNode("Input", new InputSettings(shape), [], name, "input");
    }

    /// <summary>Adds a classification Target with the given number of classes.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The target's name (its id and label), matching the dataset column.</param>
    /// <param name="classes">The number of classes.</param>
    /// <returns>The target's output.</returns>
    public static NodeOutput Target(this GraphBuilder builder, string name, int classes) =>
        builder.AddNode("Target", new TargetSettings(classes, TensorShape.Of(1)), [], name, "target");

    /// <summary>Adds a regression Target with values of the given shape.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The target's name (its id and label), matching the dataset column.</param>
    /// <param name="shape">The shape of one target value.</param>
    /// <returns>The target's output.</returns>
    public static NodeOutput Target(this GraphBuilder builder, string name, TensorShape shape) =>
        builder.AddNode("Target", new TargetSettings(0, shape), [], name, "target");

    /// <summary>Adds a Classification head: cross-entropy between logits and target.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="logits">The class scores.</param>
    /// <param name="target">The target classes.</param>
    /// <param name="labelSmoothing">Fraction of the target spread over all classes.</param>
    /// <param name="name">The head's id and label; generated when null.</param>
    /// <returns>The loss output.</returns>
    public static NodeOutput Classification(this GraphBuilder builder, NodeOutput logits, NodeOutput target, double labelSmoothing = 0, string? name = null) =>
        builder.AddNode("Classification", new ClassificationSettings(labelSmoothing), [logits, target], name, "classification");

    /// <summary>Adds a Regression head.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="prediction">The predicted values.</param>
    /// <param name="target">The target values.</param>
    /// <param name="loss">The error minimized.</param>
    /// <param name="delta">For Huber: where the loss turns linear.</param>
    /// <param name="name">The head's id and label; generated when null.</param>
    /// <returns>The loss output.</returns>
    public static NodeOutput Regression(this GraphBuilder builder, NodeOutput prediction, NodeOutput target, RegressionLoss loss = RegressionLoss.MeanSquaredError, double delta = 1.0, string? name = null) =>
        builder.AddNode("Regression", new RegressionSettings(loss, delta), [prediction, target], name, "regression");

    /// <summary>Adds a Merge of two or more inputs.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="operation">How to combine them.</param>
    /// <param name="inputs">The inputs, in port order.</param>
    /// <param name="axis">For concatenation: the per-sample axis.</param>
    /// <param name="name">The node's id and label; generated when null.</param>
    /// <returns>The merged output.</returns>
    public static NodeOutput Merge(this GraphBuilder builder, MergeOperation operation, IReadOnlyList<NodeOutput> inputs, int axis = 0, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return builder.AddNode("Merge", new MergeSettings(operation, inputs.Count, axis), inputs, name, operation.ToString().ToLowerInvariant());
    }

    /// <summary>Concatenates two inputs along a per-sample axis.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="first">The first input.</param>
    /// <param name="second">The second input.</param>
    /// <param name="axis">The per-sample axis (0 = channels/features).</param>
    /// <param name="name">The node's id and label; generated when null.</param>
    /// <returns>The joined output.</returns>
    public static NodeOutput Concat(this GraphBuilder builder, NodeOutput first, NodeOutput second, int axis = 0, string? name = null) =>
        builder.Merge(MergeOperation.Concatenate, [first, second], axis, name);

    /// <summary>Concatenates inputs along a per-sample axis.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="inputs">The inputs, in order.</param>
    /// <param name="axis">The per-sample axis (0 = channels/features).</param>
    /// <param name="name">The node's id and label; generated when null.</param>
    /// <returns>The joined output.</returns>
    public static NodeOutput Concat(this GraphBuilder builder, IReadOnlyList<NodeOutput> inputs, int axis = 0, string? name = null) =>
        builder.Merge(MergeOperation.Concatenate, inputs, axis, name);

    /// <summary>Adds inputs element-wise.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="inputs">Two or more inputs of equal shape.</param>
    /// <returns>The sum.</returns>
    public static NodeOutput Add(this GraphBuilder builder, params NodeOutput[] inputs) => builder.Merge(MergeOperation.Add, inputs);
}
