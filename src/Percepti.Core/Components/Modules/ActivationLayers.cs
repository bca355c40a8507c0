using TorchSharp;
using static TorchSharp.torch;

namespace Percepti.Core.Components.Modules;

/// <summary>Creates TorchSharp modules for <see cref="Activation"/> values.</summary>
internal static class ActivationLayers
{
    /// <summary>The default negative slope of LeakyReLU.</summary>
    public const double DefaultSlope = 0.01;

    public static nn.Module<Tensor, Tensor>? Create(Activation activation, double negativeSlope = DefaultSlope) => activation switch
    {
        Activation.None => null,
        Activation.ReLU => nn.ReLU(),
        Activation.LeakyReLU => nn.LeakyReLU(negativeSlope),
        Activation.GELU => nn.GELU(),
        Activation.Sigmoid => nn.Sigmoid(),
        Activation.Tanh => nn.Tanh(),

        // Dimension 1 is the first per-sample axis: features for vectors, channels for images.
        Activation.Softmax => nn.Softmax(1),
        Activation.SiLU => nn.SiLU(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };
}
