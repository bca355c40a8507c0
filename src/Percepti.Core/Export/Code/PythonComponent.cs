using Percepti.Core.Components;
using Percepti.Core.Graph;

namespace Percepti.Core.Export.Code;

/// <summary>One component being written as PyTorch: its settings, shapes and the expressions of its inputs.</summary>
/// <param name="Writer">The module being generated.</param>
/// <param name="Id">The component's node.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Settings">Its settings.</param>
/// <param name="InputShapes">Per-sample input shapes, in port order.</param>
/// <param name="OutputShape">Per-sample output shape.</param>
/// <param name="Inputs">The Python variables holding its inputs, in port order.</param>
internal sealed record PythonComponent(
    PyTorchModelWriter Writer,
    NodeId Id,
    ComponentKind Kind,
    ComponentSettings Settings,
    IReadOnlyList<TensorShape> InputShapes,
    TensorShape OutputShape,
    IReadOnlyList<string> Inputs)
{
    /// <summary>The local variable stem.</summary>
    public string Name => PythonText.Local(Id);

    /// <summary>The key Percepti.Core registers the component under, which is the state-dict prefix.</summary>
    public string Key => Id.ModuleName;

    public string Input => Inputs[0];

    public T SettingsAs<T>()
        where T : ComponentSettings => (T)Settings;
}
