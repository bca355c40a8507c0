namespace Percepti.Core.Components.Modules;

/// <summary>
/// Base of the built-in component modules. They register their layers explicitly under stable names
/// ("layer", "layer0", …); TorchSharp's reflection over fields would register the same layers again
/// under the field names, doubling every saved weight.
/// </summary>
internal abstract class BuiltInModule : ComponentModule
{
    protected BuiltInModule(string name)
        : base(name)
    {
    }

    protected sealed override void RegisterComponents()
    {
    }
}
