using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Settings of a OneHot component.</summary>
/// <param name="Classes">The number of classes; the output gains a last axis of this length.</param>
public sealed record OneHotSettings(int Classes) : ComponentSettings;
