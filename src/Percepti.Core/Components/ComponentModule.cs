using TorchSharp;
using static TorchSharp.torch;

namespace Percepti.Core.Components;

/// <summary>
/// The TorchSharp module a component builds. It takes the component's inputs in port order, each
/// with a leading batch dimension, and returns its output. Submodules are registered explicitly.
/// </summary>
public abstract class ComponentModule : nn.Module<IReadOnlyList<Tensor>, Tensor>
{
    /// <summary>Creates the module.</summary>
    /// <param name="name">The module's name.</param>
    protected ComponentModule(string name)
        : base(name)
    {
    }
}
