using Percepti.Core.Components;
using Percepti.Core.Graph;
using static TorchSharp.torch;

namespace Percepti.Core.Export.Onnx;

/// <summary>What a component writer needs: its settings, shapes, the ONNX names of its inputs and its trained module.</summary>
/// <param name="Graph">The graph being written.</param>
/// <param name="Node">The component's node.</param>
/// <param name="Kind">The component's kind.</param>
/// <param name="Settings">The component's settings.</param>
/// <param name="InputShapes">Per-sample input shapes, in port order.</param>
/// <param name="OutputShape">Per-sample output shape.</param>
/// <param name="Inputs">ONNX value names of the inputs, in port order.</param>
/// <param name="Module">The compiled component holding the trained weights.</param>
internal sealed record OnnxComponentContext(
    OnnxGraphBuilder Graph,
    NodeId Node,
    ComponentKind Kind,
    ComponentSettings Settings,
    IReadOnlyList<TensorShape> InputShapes,
    TensorShape OutputShape,
    IReadOnlyList<string> Inputs,
    ComponentModule Module)
{
    /// <summary>The first input's ONNX name.</summary>
    public string Input => Inputs[0];

    /// <summary>The component's settings, typed.</summary>
    public T SettingsAs<T>()
        where T : ComponentSettings => (T)Settings;

    /// <summary>The first (or only) submodule of type <typeparamref name="T"/>, in registration order.</summary>
    public T Layer<T>(int index = 0)
        where T : nn.Module => Module.modules().OfType<T>().ElementAt(index);

    /// <summary>A trained parameter or buffer of a submodule as an ONNX initializer.</summary>
    public string Weights(nn.Module layer, string name, string label)
    {
        var tensor = layer.named_parameters(recurse: false).Select(p => (p.name, (Tensor)p.parameter))
            .Concat(layer.named_buffers(recurse: false))
            .First(p => p.name == name).Item2;
        return Graph.Weights(label, OnnxTensors.Floats(tensor), tensor.shape);
    }

    /// <summary>Whether a submodule has a parameter (e.g. a bias that may be switched off).</summary>
    public static bool Has(nn.Module layer, string name) => layer.named_parameters(recurse: false).Any(p => p.name == name);
}
