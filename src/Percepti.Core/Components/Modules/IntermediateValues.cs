using static TorchSharp.torch;

namespace Percepti.Core.Components.Modules;

/// <summary>
/// Frees a value inside a component once the next layer has read it, as TorchSharp's Sequential does.
/// Autograd keeps what backward needs on its own; holding the rest (e.g. a convolution's output
/// before its activation) until the step ends makes backward allocate fresh memory and run slower.
/// </summary>
internal static class IntermediateValues
{
    /// <summary>Returns <paramref name="next"/>, disposing <paramref name="previous"/> unless it is the component's input or the same tensor.</summary>
    public static Tensor Step(Tensor previous, Tensor next, Tensor input)
    {
        if (!ReferenceEquals(previous, input) && !ReferenceEquals(previous, next))
        {
            previous.Dispose();
        }

        return next;
    }
}
