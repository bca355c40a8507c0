using System.Globalization;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Export.Code;
using Percepti.Core.Graph;
using Percepti.Core.Training;

namespace Percepti.Core.Export;

/// <summary>
/// Shows a graph as readable code to copy and tweak: a TorchSharp module class (C#) or a PyTorch <c>nn.Module</c>
/// (Python), with a comment per component. Layers are registered under the names Percepti.Core uses, so the generated
/// module loads a trained model's weights unchanged (<see cref="TrainedModel.SaveWeights"/> for C#,
/// <see cref="TrainedModelExports.SaveSafetensors"/> for PyTorch, and back).
/// </summary>
public static class CodeView
{
    /// <summary>Generates C# TorchSharp code for a graph.</summary>
    /// <param name="graph">A valid graph.</param>
    /// <param name="options">Class name, namespace and outputs; null for the defaults.</param>
    /// <returns>One C# file: usings, a namespace and a module class whose <c>forward</c> takes the Input components in order.</returns>
    /// <exception cref="GraphValidationException">The graph has errors.</exception>
    /// <exception cref="ArgumentException">The outputs are missing or depend on a training-only component (a target or loss head).</exception>
    public static string CSharp(ModelGraph graph, CodeViewOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return Invariant(() => WriteCSharp(graph, options ?? new CodeViewOptions()));
    }

    /// <summary>
    /// Generates PyTorch code for a graph: one <c>nn.Module</c> class for PyTorch 1.13 or later, a submodule per
    /// component with weights (commented with its settings and shapes), and a <c>forward</c> that follows the graph.
    /// Its <c>state_dict</c> keys are Percepti.Core's parameter names, so weights move both ways unchanged through
    /// safetensors. A custom component becomes a call that fails naming it.
    /// </summary>
    /// <param name="graph">A valid graph.</param>
    /// <param name="options">Class name and outputs (the namespace is not used); null for the defaults.</param>
    /// <returns>One Python file: imports and a module class whose <c>forward</c> takes the Input components in order and returns the outputs (a tuple when several).</returns>
    /// <exception cref="GraphValidationException">The graph has errors.</exception>
    /// <exception cref="ArgumentException">The outputs are missing or depend on a training-only component (a target or loss head).</exception>
    public static string PyTorch(ModelGraph graph, CodeViewOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return Invariant(() => WritePyTorch(graph, options ?? new CodeViewOptions()));
    }

    /// <summary>Numbers in code must not follow the user's locale (e.g. a comma decimal separator).</summary>
    private static string Invariant(Func<string> write)
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            return write();
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    /// <summary>The checked graph, the outputs the code returns, and the components they need in order.</summary>
    private static (GraphAnalysis Analysis, IReadOnlyList<NodeId> Outputs, List<NodeId> Order) Plan(ModelGraph graph, CodeViewOptions options)
    {
        var analysis = GraphValidationException.ThrowIfInvalid(graph);

        var outputs = ExportOutputs.Select(graph, options.Outputs, message => new ArgumentException(message, nameof(options)));
        var needed = ExportOutputs.Ancestors(graph, outputs.Select(o => o.Node));
        var trainingOnly = analysis.TopologicalOrder.Where(needed.Contains)
            .Select(id => (Id: id, Kind: analysis.Nodes[id].Kind!))
            .Where(n => n.Kind is TargetComponent || n.Kind.IsHead)
            .Select(n => $"'{n.Id}' ({n.Kind.Name})")
            .ToList();
        if (trainingOnly.Count > 0)
        {
            throw new ArgumentException($"The outputs depend on components that exist only for training: {string.Join(", ", trainingOnly)}; choose outputs that do not read a target or loss.", nameof(options));
        }

        var order = analysis.TopologicalOrder.Where(needed.Contains).ToList();
        int inputCount = order.Count(id => analysis.Nodes[id].Kind!.IsSource);
        if (inputCount is 0 or > 6)
        {
            throw new ArgumentException($"The code view supports 1 to 6 inputs; the outputs of graph '{graph.Name}' read {inputCount}.", nameof(options));
        }

        return (analysis, [.. outputs.Select(o => o.Node)], order);
    }

    /// <summary>One component in a generated language: its node, kind, per-sample input and output shapes, and the variables of its inputs.</summary>
    private delegate string? Template(NodeId id, string name, ComponentKind kind, IReadOnlyList<TensorShape> inputShapes, TensorShape outputShape, string[] inputs);

    /// <summary>
    /// The walk both languages share: inputs become forward's arguments; every other component gets its description,
    /// the expression its template writes (or the custom placeholder) assigned to a named value, in graph order.
    /// </summary>
    /// <returns>Forward's arguments and each component's variable.</returns>
    private static (List<string> Inputs, Dictionary<NodeId, string> Values) Walk(
        ModelGraph graph, GraphAnalysis analysis, List<NodeId> order, CodeModelWriter writer, Func<NodeId, string> local, Template template, Template custom, Func<string, string, string> assign)
    {
        var values = new Dictionary<NodeId, string>();
        var inputs = new List<string>();
        foreach (var id in order)
        {
            var info = analysis.Nodes[id];
            var kind = info.Kind!;
            string name = local(id);
            if (kind.IsSource)
            {
                inputs.Add(name);
                values[id] = name;
                continue;
            }

            var shapes = info.InputShapes.Select(s => s!).ToList();
            string[] inputValues = [.. graph.UpstreamOf(id).Select(u => values[u])];
            writer.BeginComponent(CodeText.Describe(id, kind, graph[id].Settings, shapes, info.OutputShape!), $"{id} · {kind.Name} · {CodeText.Shapes(shapes, info.OutputShape!)}");
            string? expression = template(id, name, kind, shapes, info.OutputShape!, inputValues);
            if (expression is null)
            {
                writer.HasCustomComponents = true;
                expression = custom(id, name, kind, shapes, info.OutputShape!, inputValues)!;
            }

            // A component that changes nothing (e.g. Dropout at inference) still gets a named value, to read like the graph.
            values[id] = name + "_out";
            writer.Statement(assign(values[id], expression));
            writer.EndComponent();
        }

        return (inputs, values);
    }

    private static string WriteCSharp(ModelGraph graph, CodeViewOptions options)
    {
        var (analysis, outputs, order) = Plan(graph, options);
        var writer = new CSharpModelWriter();
        var (inputs, values) = Walk(
            graph,
            analysis,
            order,
            writer,
            CodeText.Identifier,
            (id, name, kind, shapes, output, inputValues) => CSharpTemplates.TryGet(kind, out var template) ? template(new(writer, name, id, kind, graph[id].Settings, shapes, output, inputValues)) : null,
            (id, _, kind, _, _, inputValues) => $"Custom(\"{id}\", \"{kind.Name}\", {string.Join(", ", inputValues)})",
            (name, expression) => $"var {name} = {expression};");

        string className = options.ClassName ?? CodeText.TypeName(graph.Name.Length == 0 ? "graph" : graph.Name, "Model");
        string version = typeof(CodeView).Assembly.GetName().Version?.ToString() ?? "unknown";
        string header = string.Join(Environment.NewLine,
            $"// Generated by Percepti.Core {version} from graph '{graph.Name}'. Plain TorchSharp: edit freely.",
            "// Trained weights: model.load(\"weights.bin\") reads the file TrainedModel.SaveWeights writes.",
            "// Inputs take preprocessed values, as the graph's Input components receive them.",
            string.Empty);
        string summary = string.Create(CultureInfo.InvariantCulture, $"The '{graph.Name}' graph as a TorchSharp module ({analysis.TotalParameters:N0} parameters).");
        return writer.Render(header, summary, options.Namespace, className, inputs, [.. outputs.Select(o => values[o])]);
    }

    private static string WritePyTorch(ModelGraph graph, CodeViewOptions options)
    {
        var (analysis, outputs, order) = Plan(graph, options);
        var writer = new PyTorchModelWriter();
        var (inputs, values) = Walk(
            graph,
            analysis,
            order,
            writer,
            PythonText.Local,
            (id, name, kind, shapes, output, inputValues) => PyTorchTemplates.TryGet(kind, out var template) ? template(new(writer, name, id, kind, graph[id].Settings, shapes, output, inputValues)) : null,
            (id, _, kind, _, _, inputValues) => $"custom({PythonText.String(id.Value)}, {PythonText.String(kind.Name)}, {string.Join(", ", inputValues)})",
            (name, expression) => $"{name} = {expression}");

        string className = options.ClassName ?? CodeText.TypeName(graph.Name.Length == 0 ? "graph" : graph.Name, "Model");
        string version = typeof(CodeView).Assembly.GetName().Version?.ToString() ?? "unknown";
        string header = string.Join(Environment.NewLine,
            $"# Generated by Percepti.Core {version} from graph '{graph.Name}'. Plain PyTorch (1.13 or later): edit freely.",
            "# Trained weights: model.load_state_dict(safetensors.torch.load_file(\"weights.safetensors\")) reads the file",
            "# TrainedModel.SaveSafetensors writes; the state-dict keys are Percepti.Core's parameter names.",
            "# Inputs take preprocessed values, as the graph's Input components receive them.",
            string.Empty);
        string summary = string.Create(CultureInfo.InvariantCulture, $"The '{graph.Name}' graph as a PyTorch module ({analysis.TotalParameters:N0} parameters).");
        return writer.Render(header, summary, className, inputs, [.. outputs.Select(o => values[o])]);
    }
}
