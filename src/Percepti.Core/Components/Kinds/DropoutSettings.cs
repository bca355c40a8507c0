using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Settings of a Dropout component (active in training only).</summary>
/// <param name="Rate">The fraction of values set to zero during training.</param>
public sealed record DropoutSettings(double Rate) : ComponentSettings;
