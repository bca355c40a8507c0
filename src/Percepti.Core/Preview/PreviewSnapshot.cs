using Percepti.Core.Graph;

namespace Percepti.Core.Preview;

/// <summary>Every component's preview for one committed graph version.</summary>
/// <param name="Version">The graph version.</param>
/// <param name="Previews">The previews by node.</param>
public sealed record PreviewSnapshot(long Version, IReadOnlyDictionary<NodeId, ComponentPreview> Previews)
{
    /// <summary>The snapshot before anything was computed.</summary>
    public static PreviewSnapshot Empty { get; } = new(-1, new Dictionary<NodeId, ComponentPreview>());
}
