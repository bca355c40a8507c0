using System.Globalization;
using System.Runtime.InteropServices;

namespace Percepti.Core.Export.Onnx;

/// <summary>
/// Collects the nodes, weights, inputs and outputs of one ONNX graph, naming values uniquely after
/// the component being written so a viewer (e.g. Netron) shows where each operator came from.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly List<OnnxNode> _nodes = [];
    private readonly List<OnnxInitializer> _initializers = [];
    private readonly List<OnnxValueInfo> _inputs = [];
    private readonly List<OnnxValueInfo> _outputs = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>The component whose operators are being written; prefixes every name.</summary>
    public string Scope { get; set; } = "graph";

    public IReadOnlyList<OnnxNode> Nodes => _nodes;

    public IReadOnlyList<OnnxInitializer> Initializers => _initializers;

    public IReadOnlyList<OnnxValueInfo> Inputs => _inputs;

    public IReadOnlyList<OnnxValueInfo> Outputs => _outputs;

    public void AddInput(string name, OnnxDataType type, IReadOnlyList<long?> dimensions)
    {
        Reserve(name);
        _inputs.Add(new OnnxValueInfo(name, type, [.. dimensions]));
    }

    public void AddOutput(string name, OnnxDataType type, IReadOnlyList<long?> dimensions) =>
        _outputs.Add(new OnnxValueInfo(name, type, [.. dimensions]));

    /// <summary>Adds an operator with one output and returns the output's name.</summary>
    public string Node(string operatorType, IReadOnlyList<string> inputs, params (string Name, object Value)[] attributes) =>
        NodeWithOutputs(operatorType, inputs, 1, attributes)[0];

    /// <summary>Adds an operator with several outputs; an empty name in <paramref name="inputs"/> is an omitted optional input.</summary>
    public string[] NodeWithOutputs(string operatorType, IReadOnlyList<string> inputs, int outputs, params (string Name, object Value)[] attributes)
    {
        string name = Unique($"{Scope}/{operatorType}");
        string[] outputNames = [.. Enumerable.Range(0, outputs).Select(i => outputs == 1 ? name : Unique($"{name}:{i}"))];
        _nodes.Add(new OnnxNode(operatorType, name, [.. inputs], outputNames, [.. attributes.Select(a => new OnnxAttribute(a.Name, a.Value))]));
        return outputNames;
    }

    /// <summary>Adds an operator whose single output has a chosen name (a graph output).</summary>
    public void NamedNode(string operatorType, IReadOnlyList<string> inputs, string output)
    {
        Reserve(output);
        _nodes.Add(new OnnxNode(operatorType, Unique($"{Scope}/{operatorType}"), [.. inputs], [output], []));
    }

    public string Weights(string label, float[] values, IReadOnlyList<long> dimensions)
    {
        string name = Unique($"{Scope}.{label}");
        _initializers.Add(new OnnxInitializer(name, OnnxDataType.Float, [.. dimensions], MemoryMarshal.AsBytes(values.AsSpan()).ToArray()));
        return name;
    }

    public string Integers(string label, long[] values, IReadOnlyList<long>? dimensions = null)
    {
        string name = Unique($"{Scope}.{label}");
        _initializers.Add(new OnnxInitializer(name, OnnxDataType.Int64, [.. dimensions ?? [values.Length]], MemoryMarshal.AsBytes(values.AsSpan()).ToArray()));
        return name;
    }

    /// <summary>A float scalar constant.</summary>
    public string Scalar(string label, float value) => Weights(label, [value], []);

    private string Unique(string candidate)
    {
        string name = candidate;
        for (int i = 1; !_names.Add(name); i++)
        {
            name = string.Create(CultureInfo.InvariantCulture, $"{candidate}_{i}");
        }

        return name;
    }

    private void Reserve(string name)
    {
        if (!_names.Add(name))
        {
            throw new InvalidOperationException($"The ONNX value name '{name}' is used twice.");
        }
    }
}
