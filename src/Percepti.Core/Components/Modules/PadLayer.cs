using static TorchSharp.torch;

namespace Percepti.Core.Components.Modules;

/// <summary>Zero padding with possibly different amounts before and after each spatial axis.</summary>
internal sealed class PadLayer : nn.Module<Tensor, Tensor>
{
    private readonly long[] _pad;
    private readonly double _value;

    /// <param name="padding">Per spatial axis, outermost first: (before, after).</param>
    /// <param name="value">The fill value.</param>
    public PadLayer(IReadOnlyList<(int Before, int After)> padding, double value = 0)
        : base("pad")
    {
        // F.pad takes pairs starting from the last axis.
        _pad = [.. padding.Reverse().SelectMany(p => new long[] { p.Before, p.After })];
        _value = value;
    }

    public override Tensor forward(Tensor input) => nn.functional.pad(input, _pad, value: _value);
}
