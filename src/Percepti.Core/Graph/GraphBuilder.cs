using Percepti.Core.Components;
using Percepti.Core.Components.Kinds;

namespace Percepti.Core.Graph;

/// <summary>
/// Builds a <see cref="ModelGraph"/> in code (see <see cref="ModelGraph.Create"/>). Each method adds
/// a node and returns its output, which the fluent methods in <c>Percepti.Core.Components</c> extend.
/// </summary>
public sealed class GraphBuilder
{
    internal GraphBuilder(ModelGraph graph) => Graph = graph;

    /// <summary>The graph built so far.</summary>
    public ModelGraph Graph { get; private set; }

    /// <summary>Adds an Input: one column of the dataset.</summary>
    /// <param name="name">The input's name (its id and label), matching the dataset column.</param>
    /// <param name="shape">The shape of one sample, channels first, without the batch.</param>
    /// <returns>The input's output.</returns>
    public NodeOutput Input(string name, TensorShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return Add("Input", new InputSettings(shape), [], name, "input");
    }

    /// <summary>Adds a classification Target with the given number of classes.</summary>
    /// <param name="name">The target's name (its id and label), matching the dataset column.</param>
    /// <param name="classes">The number of classes.</param>
    /// <returns>The target's output.</returns>
    public NodeOutput Target(string name, int classes) =>
        Add("Target", new TargetSettings(classes, TensorShape.Of(1)), [], name, "target");

    /// <summary>Adds a regression Target with values of the given shape.</summary>
    /// <param name="name">The target's name (its id and label), matching the dataset column.</param>
    /// <param name="shape">The shape of one target value.</param>
    /// <returns>The target's output.</returns>
    public NodeOutput Target(string name, TensorShape shape) =>
        Add("Target", new TargetSettings(0, shape), [], name, "target");

    /// <summary>Adds a Classification head: cross-entropy between logits and target.</summary>
    /// <param name="logits">The class scores.</param>
    /// <param name="target">The target classes.</param>
    /// <param name="labelSmoothing">Fraction of the target spread over all classes.</param>
    /// <param name="name">The head's id and label; generated when null.</param>
    /// <returns>The loss output.</returns>
    public NodeOutput Classification(NodeOutput logits, NodeOutput target, double labelSmoothing = 0, string? name = null) =>
        Add("Classification", new ClassificationSettings(labelSmoothing), [logits, target], name, "classification");

    /// <summary>Adds a Regression head.</summary>
    /// <param name="prediction">The predicted values.</param>
    /// <param name="target">The target values.</param>
    /// <param name="loss">The error minimized.</param>
    /// <param name="delta">For Huber: where the loss turns linear.</param>
    /// <param name="name">The head's id and label; generated when null.</param>
    /// <returns>The loss output.</returns>
    public NodeOutput Regression(NodeOutput prediction, NodeOutput target, RegressionLoss loss = RegressionLoss.MeanSquaredError, double delta = 1.0, string? name = null) =>
        Add("Regression", new RegressionSettings(loss, delta), [prediction, target], name, "regression");

    /// <summary>Adds a Merge of two or more inputs.</summary>
    /// <param name="operation">How to combine them.</param>
    /// <param name="inputs">The inputs, in port order.</param>
    /// <param name="axis">For concatenation: the per-sample axis.</param>
    /// <param name="name">The node's id and label; generated when null.</param>
    /// <returns>The merged output.</returns>
    public NodeOutput Merge(MergeOperation operation, IReadOnlyList<NodeOutput> inputs, int axis = 0, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Add("Merge", new MergeSettings(operation, inputs.Count, axis), inputs, name, operation.ToString().ToLowerInvariant());
    }

    /// <summary>Concatenates two inputs along a per-sample axis.</summary>
    /// <param name="first">The first input.</param>
    /// <param name="second">The second input.</param>
    /// <param name="axis">The per-sample axis (0 = channels/features).</param>
    /// <param name="name">The node's id and label; generated when null.</param>
    /// <returns>The joined output.</returns>
    public NodeOutput Concat(NodeOutput first, NodeOutput second, int axis = 0, string? name = null) =>
        Merge(MergeOperation.Concatenate, [first, second], axis, name);

    /// <summary>Concatenates inputs along a per-sample axis.</summary>
    /// <param name="inputs">The inputs, in order.</param>
    /// <param name="axis">The per-sample axis (0 = channels/features).</param>
    /// <param name="name">The node's id and label; generated when null.</param>
    /// <returns>The joined output.</returns>
    public NodeOutput Concat(IReadOnlyList<NodeOutput> inputs, int axis = 0, string? name = null) =>
        Merge(MergeOperation.Concatenate, inputs, axis, name);

    /// <summary>Adds inputs element-wise.</summary>
    /// <param name="inputs">Two or more inputs of equal shape.</param>
    /// <returns>The sum.</returns>
    public NodeOutput Add(params NodeOutput[] inputs) => Merge(MergeOperation.Add, inputs);

    /// <summary>Adds a node of any catalog kind (including custom ones) fed from the given outputs in port order.</summary>
    /// <param name="kind">The kind's name.</param>
    /// <param name="settings">The settings; the kind's defaults when null.</param>
    /// <param name="inputs">The outputs feeding the kind's input ports, in port order.</param>
    /// <param name="name">The node's id and label; generated from the kind when null.</param>
    /// <returns>The node's output.</returns>
    /// <exception cref="GraphEditException">The kind is unknown, the name is taken, or the inputs do not match the ports.</exception>
    public NodeOutput Component(string kind, ComponentSettings? settings, IReadOnlyList<NodeOutput> inputs, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (!Graph.Catalog.TryGet(kind, out var componentKind))
        {
            throw new GraphEditException($"No component kind named '{kind}' is registered in the graph's catalog.");
        }

        return Add(kind, settings ?? componentKind.DefaultSettings, inputs, name, kind.ToLowerInvariant());
    }

    internal NodeOutput Add(string kind, ComponentSettings settings, IReadOnlyList<NodeOutput> inputs, string? name, string prefix)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var componentKind = Graph.Catalog.Get(kind);
        var ports = componentKind.GetInputPorts(settings);
        if (inputs.Count != ports.Count)
        {
            throw new GraphEditException($"{kind} takes {ports.Count} input(s) ({string.Join(", ", ports.Select(p => p.Name))}), but {inputs.Count} were given.");
        }

        foreach (var input in inputs)
        {
            if (input.Builder != this)
            {
                throw new GraphEditException($"Output {input} belongs to another graph builder.");
            }
        }

        string? problem = name is null ? null : NodeId.Check(name);
        if (problem is not null)
        {
            throw new GraphEditException($"Cannot name a node '{name}': {problem}.");
        }

        var id = name is null ? Graph.NewNodeId(prefix) : new NodeId(name);
        var graph = Graph.AddNode(new GraphNode(id, kind, settings, id.Value, NodePosition.Origin));
        for (int i = 0; i < inputs.Count; i++)
        {
            graph = graph.Connect(new Connection(inputs[i].Reference, new PortReference(id, ports[i].Name)));
        }

        Graph = graph;
        return new NodeOutput(this, id, componentKind.GetOutputPorts(settings)[0].Name);
    }
}
