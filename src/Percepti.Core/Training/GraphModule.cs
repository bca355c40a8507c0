using System.Globalization;
using Percepti.Core.Backends;
using Percepti.Core.Components;
using Percepti.Core.Components.Modules;
using Percepti.Core.Graph;
using static TorchSharp.torch;

namespace Percepti.Core.Training;

/// <summary>
/// A whole graph compiled into one TorchSharp module: every component's module registered
/// explicitly under its node id, run in topological order. Weights come from a seed derived from
/// the base seed and each node's id (as in previews), so the same graph and seed give the same model.
/// </summary>
/// <remarks>
/// <para>
/// This is the library's one extension point into compiled TorchSharp code (e.g. to train a graph with a hand-written
/// loop). Ownership is explicit: <see cref="Compile"/> hands the module to the caller, who disposes it; the tensors
/// given to <c>Run</c> stay the caller's; every tensor <c>Run</c> and <see cref="Loss"/> return is new and owned by the
/// caller (dispose it, or call inside a <c>torch.NewDisposeScope()</c>). Intermediate outputs not returned are freed
/// by <c>Run</c> itself. Not thread-safe.
/// </para>
/// <para>Previews, training, evaluation and export use it internally; their public results never expose a tensor.</para>
/// </remarks>
public sealed class GraphModule : nn.Module
{
    private readonly List<(NodeId Id, ComponentKind Kind, ComponentModule Module, NodeId[] Inputs)> _steps = [];

    // The execution plan, fixed at compile time so a step does no lookups: the steps in topological order, each
    // input as the position of the step that computes it, and how many input ports read each step's output (when
    // all have run, the output can go).
    private PlannedStep[] _plan = [];
    private int[] _readers = [];

    private GraphModule(ModelGraph graph)
        : base(graph.Name.Length == 0 ? "graph" : graph.Name) => Graph = graph;

    /// <summary>The graph compiled.</summary>
    public ModelGraph Graph { get; }

    /// <summary>Input components, which take dataset columns of the same name.</summary>
    public IReadOnlyList<NodeId> Inputs { get; private set; } = [];

    /// <summary>Target components, which take dataset columns of the same name.</summary>
    public IReadOnlyList<NodeId> Targets { get; private set; } = [];

    /// <summary>Loss heads; the training loss is their sum.</summary>
    public IReadOnlyList<NodeId> Heads { get; private set; } = [];

    /// <summary>Builds one component; a failure inside libtorch (e.g. weights that cannot be allocated) names the component.</summary>
    private static ComponentModule Build(ModelGraph graph, GraphNode node, ComponentKind kind, NodeAnalysis info)
    {
        try
        {
            return kind.Build(node.Settings, [.. info.InputShapes.Select(s => s!)]);
        }
        catch (Exception exception) when (exception is System.Runtime.InteropServices.ExternalException or OutOfMemoryException or ArgumentException or InvalidOperationException)
        {
            string reason = ErrorMessages.FirstLine(exception.Message);
            var diagnostic = new GraphDiagnostic(DiagnosticSeverity.Error, GraphDiagnosticCodes.BuildFailed, $"'{node.Id}' ({kind.Name}) could not be built: {reason}", node.Id);
            throw new GraphValidationException($"Graph '{graph.Name}': {diagnostic.Message}", exception) { Diagnostics = [diagnostic] };
        }
    }

    /// <summary>Compiles a valid graph.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="seed">The base seed of the weights.</param>
    /// <param name="limits">The resource limits the graph must stay within; <see cref="GraphLimits.Default"/> when null.</param>
    /// <returns>The module; the caller owns and disposes it.</returns>
    /// <exception cref="GraphValidationException">The graph has errors, exceeds a limit, or a component's module cannot be built (its diagnostic names it).</exception>
    public static GraphModule Compile(ModelGraph graph, long seed = 0, GraphLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var analysis = GraphValidationException.ThrowIfInvalid(graph, limits);

        NativeRuntime.EnsureAvailable();
        var module = new GraphModule(graph);
        try
        {
            foreach (var id in analysis.TopologicalOrder)
            {
                var node = graph[id];
                var info = analysis.Nodes[id];
                var kind = info.Kind!;
                var inputs = graph.UpstreamOf(id);
                var component = Build(graph, node, kind, info);
                DeterministicInitializer.Initialize(component, DeterministicInitializer.SeedFor(seed, id));

                // Explicit registration under a name TorchSharp accepts ('.' separates submodules).
                module.register_module(id.ModuleName, component);
                module._steps.Add((id, kind, component, inputs));
            }

            module.Inputs = GraphRoles.Inputs(analysis);
            module.Targets = GraphRoles.Targets(analysis);
            module.Heads = GraphRoles.Heads(analysis);
            // Targets that feed only classification heads: their class indices go to the heads as they are (no one-hot step).
            HashSet<NodeId> indexTargets = [.. module.Targets.Where(t => graph.OutputsOf(t).All(c =>
                graph[c.To.Node].Settings is Components.Kinds.ClassificationSettings && c.To.Port == Components.Kinds.ClassificationSettings.TargetPort))];
            var position = module._steps.Select((step, index) => (step.Id, index)).ToDictionary(p => p.Id, p => p.index);
            module._plan = [.. module._steps.Select(step => new PlannedStep(
                step.Id,
                step.Module,
                [.. step.Inputs.Select(i => position[i])],
                step.Kind.IsSource,
                step.Kind.IsSource && step.Kind.Name == "Target",
                indexTargets.Contains(step.Id)))];
            module._readers = [.. module._steps.Select(step => module._steps.Sum(reader => reader.Inputs.Count(i => i == step.Id)))];

            return module;
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    /// <summary>Runs every component on a batch and returns every output.</summary>
    /// <param name="values">A tensor per Input and Target id (batch first); targets may be left out for prediction.</param>
    /// <returns>Every computed component's output by id (components that need a missing target are skipped).</returns>
    /// <exception cref="ArgumentException">An input is missing.</exception>
    public IReadOnlyDictionary<NodeId, Tensor> Run(IReadOnlyDictionary<string, Tensor> values) => Run(values, null);

    /// <summary>
    /// Runs every component on a batch, returning only the outputs asked for. Every other output is
    /// freed as soon as the components reading it have run, as a hand-written <c>Sequential</c> does,
    /// so a training step holds less memory through the backward pass.
    /// </summary>
    /// <param name="values">A tensor per Input and Target id (batch first); targets may be left out for prediction.</param>
    /// <param name="keep">The components whose outputs to return (e.g. <see cref="Heads"/> for the loss); null returns all.</param>
    /// <returns>The kept outputs that were computed, by id.</returns>
    /// <exception cref="ArgumentException">An input is missing.</exception>
    public IReadOnlyDictionary<NodeId, Tensor> Run(IReadOnlyDictionary<string, Tensor> values, IReadOnlyCollection<NodeId>? keep)
    {
        ArgumentNullException.ThrowIfNull(values);
        var plan = _plan;
        var outputs = new Tensor?[plan.Length];
        bool[]? kept = null;
        int[]? unread = null;
        if (keep is not null)
        {
            kept = new bool[plan.Length];
            for (int i = 0; i < plan.Length; i++)
            {
                kept[i] = keep.Contains(plan[i].Id);
            }

            unread = (int[])_readers.Clone();
        }

        for (int i = 0; i < plan.Length; i++)
        {
            var step = plan[i];
            if (step.IsSource)
            {
                if (values.TryGetValue(step.Id.Value, out var value))
                {
                    // Class indices for a target only heads read skip the one-hot round trip.
                    bool indices = step.IsIndexTarget && value.dim() == 1 && !value.is_floating_point();
                    outputs[i] = indices ? value : step.Module.call([value]);
                }
                else if (!step.IsTarget)
                {
                    throw new ArgumentException($"No value was given for input '{step.Id}'.", nameof(values));
                }

                continue;
            }

            var inputs = step.Inputs;
            var arguments = new Tensor[inputs.Length];
            bool ready = true;
            for (int k = 0; k < inputs.Length && ready; k++)
            {
                ready = outputs[inputs[k]] is not null;
                arguments[k] = outputs[inputs[k]]!;
            }

            if (!ready)
            {
                continue;
            }

            outputs[i] = step.Module.call(arguments);
            if (unread is not null)
            {
                foreach (int input in inputs)
                {
                    if (--unread[input] == 0 && !kept![input])
                    {
                        Release(outputs, input, values);
                    }
                }
            }
        }

        var result = new Dictionary<NodeId, Tensor>(kept is null ? plan.Length : keep!.Count);
        for (int i = 0; i < plan.Length; i++)
        {
            if (outputs[i] is null)
            {
                continue;
            }

            if (kept is null || kept[i])
            {
                result[plan[i].Id] = outputs[i]!;
            }
            else
            {
                Release(outputs, i, values);
            }
        }

        return result;
    }

    /// <summary>The training loss: the sum of every head's loss.</summary>
    /// <param name="outputs">The outputs of <c>Run</c> with targets given.</param>
    /// <returns>A scalar tensor.</returns>
    /// <exception cref="InvalidOperationException">The graph has no head, or a head was not computed (a target is missing).</exception>
    public Tensor Loss(IReadOnlyDictionary<NodeId, Tensor> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (Heads.Count == 0)
        {
            throw new InvalidOperationException($"Graph '{Graph.Name}' has no loss head (Classification or Regression); add one to train it.");
        }

        Tensor? total = null;
        foreach (var head in Heads)
        {
            var loss = outputs.TryGetValue(head, out var value)
                ? value
                : throw new InvalidOperationException($"Head '{head}' was not computed; give a value for its target.");
            total = total is null ? loss : total + loss;
        }

        return total!;
    }

    /// <summary>Drops an output and frees its tensor unless the caller gave it or another output is the same tensor (identity components).</summary>
    private static void Release(Tensor?[] outputs, int index, IReadOnlyDictionary<string, Tensor> given)
    {
        var tensor = outputs[index]!;
        outputs[index] = null;
        foreach (var other in outputs)
        {
            if (ReferenceEquals(other, tensor))
            {
                return;
            }
        }

        foreach (var value in given.Values)
        {
            if (ReferenceEquals(value, tensor))
            {
                return;
            }
        }

        tensor.Dispose();
    }

    /// <summary>One component in the execution plan.</summary>
    /// <param name="Id">The component.</param>
    /// <param name="Module">Its compiled module.</param>
    /// <param name="Inputs">The plan positions of the steps whose outputs it reads, in port order.</param>
    /// <param name="IsSource">An Input or Target: it takes a dataset column.</param>
    /// <param name="IsTarget">A Target (it may be left out for prediction).</param>
    /// <param name="IsIndexTarget">A target only classification heads read (class indices go to them as they are).</param>
    private sealed record PlannedStep(NodeId Id, ComponentModule Module, int[] Inputs, bool IsSource, bool IsTarget, bool IsIndexTarget);

    /// <summary>The compiled module of one component, for exporters that read its trained weights.</summary>
    internal ComponentModule ComponentOf(NodeId id) =>
        _steps.FirstOrDefault(s => s.Id == id).Module ?? throw new ArgumentException($"Graph '{Graph.Name}' has no component '{id}'.", nameof(id));

    /// <summary>What a head reads: its prediction (class scores or values), its target, and whether it classifies.</summary>
    /// <param name="head">A loss head of this graph.</param>
    /// <returns>The two source components and the head's type.</returns>
    internal (NodeId Prediction, NodeId Target, bool Classification) Wiring(NodeId head) => GraphRoles.Wiring(Graph, head);

    /// <summary>The number of trainable parameters.</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"GraphModule '{Graph.Name}' ({_steps.Count} components, {ParameterCount:N0} parameters)");
}
