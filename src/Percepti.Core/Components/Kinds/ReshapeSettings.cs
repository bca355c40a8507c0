using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Settings of a Reshape component.</summary>
/// <param name="Shape">The new per-sample shape; one dimension may be -1 to be inferred.</param>
public sealed record ReshapeSettings(IntegerList Shape) : ComponentSettings;
