using static TorchSharp.torch;

namespace Percepti.Core.Components.Modules;

/// <summary>A single-input component module made of several layers applied in order.</summary>
internal sealed class SequenceModule : BuiltInModule
{
    private readonly List<nn.Module<Tensor, Tensor>> _layers = [];

    public SequenceModule(string name, params nn.Module<Tensor, Tensor>?[] layers)
        : base(name)
    {
        foreach (var layer in layers)
        {
            if (layer is null)
            {
                continue;
            }

            register_module($"layer{_layers.Count}", layer);
            _layers.Add(layer);
        }
    }

    public override Tensor forward(IReadOnlyList<Tensor> input)
    {
        var x = input[0];
        foreach (var layer in _layers)
        {
            x = IntermediateValues.Step(x, layer.call(x), input[0]);
        }

        return x;
    }
}
