using Percepti.Core.Components;
using Percepti.Core.Graph;

namespace Percepti.Core.Export.Code;

/// <summary>One component being written as C#: its settings, shapes and the expressions of its inputs.</summary>
/// <param name="Writer">The class being generated.</param>
/// <param name="Id">The component's node.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Settings">Its settings.</param>
/// <param name="InputShapes">Per-sample input shapes, in port order.</param>
/// <param name="OutputShape">Per-sample output shape.</param>
/// <param name="Inputs">The C# variables holding its inputs, in port order.</param>
internal sealed record CSharpComponent(
    CSharpModelWriter Writer,
    NodeId Id,
    ComponentKind Kind,
    ComponentSettings Settings,
    IReadOnlyList<TensorShape> InputShapes,
    TensorShape OutputShape,
    IReadOnlyList<string> Inputs)
{
    /// <summary>The component's field and variable stem.</summary>
    public string Name => CodeText.Identifier(Id);

    /// <summary>The key Percepti.Core registers the component under ('.' separates submodules in TorchSharp).</summary>
    public string Key => Id.ModuleName;

    public string Input => Inputs[0];

    public T SettingsAs<T>()
        where T : ComponentSettings => (T)Settings;
}
