using Percepti.Core.Graph;

namespace Percepti.Core.Export.Code;

/// <summary>One component being written in a generated language: its settings, shapes and the expressions of its inputs.</summary>
/// <typeparam name="TWriter">The language's writer.</typeparam>
/// <param name="Writer">The module being generated.</param>
/// <param name="Name">The component's field and variable stem in that language.</param>
/// <param name="Id">The component's node.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Settings">Its settings.</param>
/// <param name="InputShapes">Per-sample input shapes, in port order.</param>
/// <param name="OutputShape">Per-sample output shape.</param>
/// <param name="Inputs">The variables holding its inputs, in port order.</param>
internal sealed record CodeComponent<TWriter>(
    TWriter Writer,
    string Name,
    NodeId Id,
    ComponentKind Kind,
    ComponentSettings Settings,
    IReadOnlyList<TensorShape> InputShapes,
    TensorShape OutputShape,
    IReadOnlyList<string> Inputs)
    where TWriter : CodeModelWriter
{
    /// <summary>The key Percepti.Core registers the component under, which is its state-dict prefix.</summary>
    public string Key => Id.ModuleName;

    public string Input => Inputs[0];

    public T SettingsAs<T>()
        where T : ComponentSettings => (T)Settings;
}
