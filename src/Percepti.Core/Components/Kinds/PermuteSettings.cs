using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Settings of a Permute component.</summary>
/// <param name="Order">The new order of the per-sample axes, e.g. [1, 2, 0] turns C×H×W into H×W×C.</param>
public sealed record PermuteSettings(IntegerList Order) : ComponentSettings;
