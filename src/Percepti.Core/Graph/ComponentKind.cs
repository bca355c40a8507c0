
namespace Percepti.Core.Graph;

/// <summary>
/// A kind of component in the catalog, as a graph sees it: its ports, its settings (with UI metadata), how it
/// infers its output shape without running tensors, how many parameters it has, and how its output is drawn.
/// How it builds a TorchSharp module belongs to the Components layer: derive a custom kind from
/// <c>Percepti.Core.Graph.ComponentKind&lt;TSettings&gt;</c>, the only way to make one.
/// </summary>
public abstract class ComponentKind
{
    /// <summary>Only the Components layer's typed base derives from it, so every kind a catalog holds can build its module.</summary>
    private protected ComponentKind()
    {
    }

    /// <summary>The kind's unique name in a catalog and in JSON, e.g. <c>Dense</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The palette section the kind belongs to.</summary>
    public abstract ComponentCategory Category { get; }

    /// <summary>What the component does, for a tooltip.</summary>
    public abstract string Description { get; }

    /// <summary>The settings record type.</summary>
    public abstract Type SettingsType { get; }

    /// <summary>The settings a new component of this kind starts with.</summary>
    public abstract ComponentSettings DefaultSettings { get; }

    /// <summary>The settings a UI can show and edit, in display order.</summary>
    public abstract IReadOnlyList<SettingDescriptor> Settings { get; }

    /// <summary>Whether the component is a loss head (the graph's training objective).</summary>
    public virtual bool IsHead => Category == ComponentCategory.Heads;

    /// <summary>Whether the component is where data enters the graph (it has no input ports).</summary>
    public virtual bool IsSource => false;

    /// <summary>Finds a setting by name.</summary>
    /// <param name="name">The camelCase key.</param>
    /// <returns>The descriptor, or null when the kind has no such setting.</returns>
    public SettingDescriptor? FindSetting(string name) => Settings.FirstOrDefault(s => s.Name == name);

    /// <summary>The input ports for the given settings (a merge has as many as it is set to take).</summary>
    /// <param name="settings">The component's settings.</param>
    public abstract IReadOnlyList<PortDefinition> GetInputPorts(ComponentSettings settings);

    /// <summary>The output ports; every built-in kind has one, named <c>output</c>.</summary>
    /// <param name="settings">The component's settings.</param>
    public virtual IReadOnlyList<PortDefinition> GetOutputPorts(ComponentSettings settings) => [PortDefinition.Output];

    /// <summary>Checks settings: their type, each value's range, and rules between settings.</summary>
    /// <param name="settings">The settings to check.</param>
    /// <returns>The problems found; empty when the settings are valid.</returns>
    public abstract IReadOnlyList<SettingError> Validate(ComponentSettings settings);

    /// <summary>Infers the output shape from valid settings and the input shapes (in port order), without tensors.</summary>
    /// <param name="settings">Valid settings.</param>
    /// <param name="inputs">The per-sample shape arriving at each input port.</param>
    /// <returns>The per-sample output shape.</returns>
    /// <exception cref="ComponentShapeException">The inputs do not fit; the message names both shapes.</exception>
    public abstract TensorShape InferOutputShape(ComponentSettings settings, IReadOnlyList<TensorShape> inputs);

    /// <summary>The number of trainable parameters the built module will have.</summary>
    /// <param name="settings">Valid settings.</param>
    /// <param name="inputs">The per-sample input shapes, in port order.</param>
    public abstract long CountParameters(ComponentSettings settings, IReadOnlyList<TensorShape> inputs);

    /// <summary>How the output is drawn in a preview.</summary>
    /// <param name="settings">The component's settings.</param>
    /// <param name="output">The per-sample output shape.</param>
    public virtual PreviewVisualKind GetPreviewVisual(ComponentSettings settings, TensorShape output) => PreviewVisuals.ForShape(output);

    /// <inheritdoc />
    public override string ToString() => Name;
}
