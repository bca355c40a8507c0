namespace Percepti.Core.Preview;

/// <summary>One component's plan: a final preview (it cannot run), or the key of the preview to look up or compute.</summary>
/// <param name="Final">The preview when the component cannot run; null when it can.</param>
/// <param name="Key">The key when it can run; null otherwise.</param>
internal sealed record PlannedNode(ComponentPreview? Final, PreviewKey? Key);
