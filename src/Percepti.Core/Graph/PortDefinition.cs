namespace Percepti.Core.Graph;

/// <summary>A named port of a component kind.</summary>
/// <param name="Name">The port's name, unique among the kind's input or output ports.</param>
/// <param name="Description">What the port carries, for a UI tooltip.</param>
public sealed record PortDefinition(string Name, string Description)
{
    /// <summary>The conventional single input port.</summary>
    public static PortDefinition Input { get; } = new("input", "The value to transform.");

    /// <summary>The conventional single output port.</summary>
    public static PortDefinition Output { get; } = new("output", "The component's result.");
}
