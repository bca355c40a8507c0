using Percepti.Core.Graph;

namespace Percepti.Core.Components;

/// <summary>What every kind does beyond the Graph layer's contract: build its TorchSharp module.</summary>
internal interface IModuleBuilder
{
    /// <summary>Builds the module; the caller owns it.</summary>
    ComponentModule Build(ComponentSettings settings, IReadOnlyList<TensorShape> inputs);
}
