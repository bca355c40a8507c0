using static TorchSharp.torch;

namespace Percepti.Core.Components.Modules;

/// <summary>A single-input component module: an optional pre-step, one layer, then an optional activation.</summary>
internal sealed class LayerModule : BuiltInModule
{
    private readonly nn.Module<Tensor, Tensor> _layer;
    private readonly nn.Module<Tensor, Tensor>? _activation;
    private readonly Func<Tensor, Tensor>? _before;

    public LayerModule(string name, nn.Module<Tensor, Tensor> layer, nn.Module<Tensor, Tensor>? activation = null, Func<Tensor, Tensor>? before = null)
        : base(name)
    {
        _layer = layer;
        _activation = activation;
        _before = before;

        // Registered explicitly: nothing relies on reflection over fields.
        register_module("layer", layer);
        if (activation is not null)
        {
            register_module("activation", activation);
        }
    }

    public override Tensor forward(IReadOnlyList<Tensor> input)
    {
        var x = input[0];
        if (_before is not null)
        {
            x = IntermediateValues.Step(x, _before(x), input[0]);
        }

        x = IntermediateValues.Step(x, _layer.call(x), input[0]);
        return _activation is null ? x : IntermediateValues.Step(x, _activation.call(x), input[0]);
    }
}
