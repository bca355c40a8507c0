using Percepti.Core.Graph;
using static TorchSharp.torch;

namespace Percepti.Core.Preview;

/// <summary>A computed component: its output tensor (owned by the cache) and its managed preview.</summary>
internal sealed class PreviewCacheEntry(PreviewKey key, Tensor output, ComponentPreview preview, long bytes) : IDisposable
{
    public PreviewKey Key { get; } = key;

    public NodeId Node => Key.Node;

    public Tensor Output { get; } = output;

    public ComponentPreview Preview { get; } = preview;

    public long Bytes { get; } = bytes;

    /// <summary>False for a failed computation: it is shown, never cached.</summary>
    public bool IsCacheable { get; init; } = true;

    public void Dispose() => Output.Dispose();
}
