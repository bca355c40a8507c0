using static TorchSharp.torch;

namespace Percepti.Core.Components.Modules;

/// <summary>Inverted dropout drawing its masks from a generator of its own; identity in evaluation mode.</summary>
internal sealed class DropoutModule : BuiltInModule, ISeededModule
{
    private readonly double _rate;
    private Generator _generator = new(0, CPU);

    public DropoutModule(double rate)
        : base("Dropout") => _rate = rate;

    public void Seed(ulong seed)
    {
        _generator.Dispose();
        _generator = new Generator(seed, CPU);
    }

    public byte[] GetRandomState()
    {
        using var state = _generator.get_state();
        return state.data<byte>().ToArray();
    }

    public void SetRandomState(byte[] state)
    {
        using var value = tensor(state, dtype: ScalarType.Byte);
        _generator.set_state(value);
    }

    public override Tensor forward(IReadOnlyList<Tensor> input)
    {
        var x = input[0];
        if (!training || _rate == 0)
        {
            return x;
        }

        using var noise = rand(x.shape, generator: _generator, device: CPU);
        using var keep = noise.ge(_rate).to(x.dtype).to(x.device);
        return x * keep / (1 - _rate);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _generator.Dispose();
        }

        base.Dispose(disposing);
    }
}
