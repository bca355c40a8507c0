using Percepti.Core.Graph;

namespace Percepti.Core.Preview;

/// <summary>
/// Least-recently-used cache of computed components, bounded by bytes. Evicting an entry disposes
/// its tensor; a missing entry only means the component is computed again. Used by the engine's
/// worker thread only.
/// </summary>
internal sealed class PreviewCache : IDisposable
{
    private readonly Dictionary<PreviewKey, LinkedListNode<PreviewCacheEntry>> _entries = [];
    private readonly LinkedList<PreviewCacheEntry> _recency = new();

    public long Bytes { get; private set; }

    public int Count => _entries.Count;

    public bool TryGet(PreviewKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PreviewCacheEntry? entry)
    {
        if (_entries.TryGetValue(key, out var node))
        {
            _recency.Remove(node);
            _recency.AddFirst(node);
            entry = node.Value;
            return true;
        }

        entry = null;
        return false;
    }

    public void Add(PreviewCacheEntry entry)
    {
        if (_entries.Remove(entry.Key, out var old))
        {
            Drop(old);
        }

        _entries[entry.Key] = _recency.AddFirst(entry);
        Bytes += entry.Bytes;
    }

    /// <summary>
    /// Evicts least-recently-used entries until within budget. Entries of the current version are kept
    /// whatever the budget: the next edit recomputes from them.
    /// </summary>
    public void Trim(long budget, IReadOnlySet<PreviewKey> current)
    {
        var node = _recency.Last;
        while (node is not null && Bytes > budget)
        {
            var previous = node.Previous;
            if (!current.Contains(node.Value.Key))
            {
                _entries.Remove(node.Value.Key);
                Drop(node);
            }

            node = previous;
        }
    }

    /// <summary>Evicts every entry of nodes not in <paramref name="alive"/> (removed components free their tensors).</summary>
    public void RemoveNodesExcept(IReadOnlySet<NodeId> alive)
    {
        foreach (var key in _entries.Keys.Where(k => !alive.Contains(k.Node)).ToList())
        {
            _entries.Remove(key, out var node);
            Drop(node!);
        }
    }

    public void Dispose()
    {
        foreach (var node in _entries.Values)
        {
            node.Value.Dispose();
        }

        _entries.Clear();
        _recency.Clear();
        Bytes = 0;
    }

    private void Drop(LinkedListNode<PreviewCacheEntry> node)
    {
        _recency.Remove(node);
        Bytes -= node.Value.Bytes;
        node.Value.Dispose();
    }
}
