using Percepti.Core.Graph;

namespace Percepti.Core.Components;

/// <summary>Building the TorchSharp module of any <see cref="ComponentKind"/> a catalog holds.</summary>
public static class ComponentKindModules
{
    /// <summary>
    /// Builds the TorchSharp module of a component. The caller owns and disposes it. The library loads the native
    /// runtime (<c>NativeRuntime.EnsureAvailable</c>) before it builds anything; a host that calls this directly does so first.
    /// </summary>
    /// <param name="kind">The kind, e.g. from <see cref="ComponentCatalog.Get"/>.</param>
    /// <param name="settings">Valid settings of the kind.</param>
    /// <param name="inputs">The per-sample input shapes, in port order.</param>
    /// <returns>A module whose forward takes batched inputs in port order.</returns>
    /// <exception cref="ArgumentException">The settings are not valid.</exception>
    public static ComponentModule Build(this ComponentKind kind, ComponentSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        ArgumentNullException.ThrowIfNull(kind);

        // Every kind derives from ComponentKind<TSettings> (ComponentKind's constructor is private protected).
        return ((IModuleBuilder)kind).Build(settings, inputs);
    }
}
