using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Settings of a Flatten component (it has none).</summary>
public sealed record FlattenSettings : ComponentSettings;
