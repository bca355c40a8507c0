using System.Reactive.Subjects;
using Percepti.Core.Backends;
using Percepti.Core.Graph;
using Percepti.Core.Reactive;
using static TorchSharp.torch;

namespace Percepti.Core.Preview;

/// <summary>
/// Shows what every component does to one sample, and after each edit recomputes only the
/// components whose inputs, settings or kind changed (and what is downstream of them), in
/// topological order, each at most once; everything else is served from cache.
/// </summary>
/// <remarks>
/// <para>Work runs on one dedicated thread. A newer graph version cancels the run in progress between
/// components; a run's results are published only when the whole version is computed, so no preview
/// of an older version ever follows one of a newer version. A burst of edits coalesces: only the
/// latest version waiting is run.</para>
/// <para>Weights come from a seed derived from <see cref="PreviewOptions.Seed"/> and the component's id,
/// so editing one component never changes another's weights. Previews run in inference mode
/// (dropout off, batch-norm running statistics), with a batch of one and no gradients.</para>
/// </remarks>
public sealed class PreviewEngine : IDisposable
{
    private readonly PreviewSample _sample;
    private readonly PreviewOptions _options;
    private readonly Subject<ComponentPreview> _updates = new();
    private readonly Lock _gate = new();
    private readonly AutoResetEvent _signal = new(false);
    private readonly Thread _worker;
    private readonly IDisposable? _documentSubscription;
    private readonly Dictionary<NodeId, PreviewStatus> _live = [];
    private readonly Dictionary<NodeId, int> _executions = [];
    private readonly List<(long Version, TaskCompletionSource<PreviewSnapshot> Completion)> _waiters = [];
    private readonly PreviewCache _cache = new();
    private readonly ComponentExecutor _executor;
    private Dictionary<NodeId, PreviewKey> _committedKeys = [];
    private PreviewSnapshot _snapshot = PreviewSnapshot.Empty;
    private (long Version, ModelGraph Graph)? _pending;
    private CancellationTokenSource? _running;
    private long _requested = -1;
    private long _ownVersion;
    private long _cacheHits;
    private long _cancellations;
    private long _committed;
    private bool _disposed;

    /// <summary>Follows a document: every change is previewed.</summary>
    /// <param name="document">The document to follow.</param>
    /// <param name="sample">The sample to run.</param>
    /// <param name="options">Seed, cache budget, visual size, logger.</param>
    public PreviewEngine(GraphDocument document, PreviewSample sample, PreviewOptions? options = null)
        : this(sample, options)
    {
        ArgumentNullException.ThrowIfNull(document);
        _documentSubscription = document.Changes.Subscribe(change => Enqueue(change.Version, change.Current));

        // Read after subscribing: a change in between arrives with a higher version and wins.
        Enqueue(document.Version, document.Current);
    }

    /// <summary>Starts on a graph; feed newer versions with <see cref="Submit"/>.</summary>
    /// <param name="graph">The first version.</param>
    /// <param name="sample">The sample to run.</param>
    /// <param name="options">Seed, cache budget, visual size, logger.</param>
    public PreviewEngine(ModelGraph graph, PreviewSample sample, PreviewOptions? options = null)
        : this(sample, options)
    {
        ArgumentNullException.ThrowIfNull(graph);
        Submit(graph);
    }

    private PreviewEngine(PreviewSample sample, PreviewOptions? options)
    {
        ArgumentNullException.ThrowIfNull(sample);
        _sample = sample;
        Options.OptionsValidator.Validate(options, nameof(options));
        _options = options ?? new PreviewOptions();
        NativeRuntime.EnsureAvailable();
        _options.Backend.Activate();
        _executor = new ComponentExecutor(_sample, _options, _options.Backend.Device);
        Updates = _updates.Isolate((exception, preview) => PreviewLog.SubscriberFailed(_options.Logger, exception, preview.NodeId));
        _worker = new Thread(Work) { IsBackground = true, Name = "Percepti preview" };
        _worker.Start();
    }

    /// <summary>
    /// One update per changed component per committed version, published after the version commits,
    /// in topological order. A late subscriber reads <see cref="Snapshot"/> first.
    /// </summary>
    public IObservable<ComponentPreview> Updates { get; }

    /// <summary>Every component's preview for the latest committed version.</summary>
    public PreviewSnapshot Snapshot
    {
        get
        {
            lock (_gate)
            {
                return _snapshot;
            }
        }
    }

    /// <summary>Execution counts, cache hits and cancellations so far.</summary>
    public PreviewCounters Counters
    {
        get
        {
            lock (_gate)
            {
                return new PreviewCounters(new Dictionary<NodeId, int>(_executions), _cacheHits, _cancellations, _committed);
            }
        }
    }

    /// <summary>A test hook called on the worker thread before each component runs.</summary>
    internal Action<NodeId, CancellationToken>? BeforeExecute { get; set; }

    /// <summary>Tensors created on the worker thread and not yet disposed, as of the last committed run.</summary>
    internal long WorkerLiveTensors { get; private set; }

    /// <summary>The bytes of outputs the cache holds now.</summary>
    internal long CachedBytes
    {
        get
        {
            lock (_gate)
            {
                return _cache.Bytes;
            }
        }
    }

    /// <summary>A component's status now: during a run, queued or running; otherwise its latest preview's status.</summary>
    /// <param name="id">The component.</param>
    /// <returns>The status (<see cref="PreviewStatus.Stale"/> for a component not previewed yet).</returns>
    public PreviewStatus GetStatus(NodeId id)
    {
        lock (_gate)
        {
            if (_live.TryGetValue(id, out var status))
            {
                return status;
            }

            return _snapshot.Previews.TryGetValue(id, out var preview) ? preview.Status : PreviewStatus.Stale;
        }
    }

    /// <summary>Previews a new graph version (when not following a document).</summary>
    /// <param name="graph">The new version.</param>
    /// <returns>The version number it got.</returns>
    public long Submit(ModelGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        long version;
        lock (_gate)
        {
            if (_documentSubscription is not null)
            {
                throw new InvalidOperationException("This engine follows a GraphDocument; edit the document instead of submitting graphs.");
            }

            version = ++_ownVersion;
        }

        Enqueue(version, graph);
        return version;
    }

    /// <summary>Completes when the latest requested version is fully previewed.</summary>
    /// <param name="cancellationToken">Stops waiting (the previews go on).</param>
    /// <returns>The snapshot of that version.</returns>
    public async Task<PreviewSnapshot> StabilizeAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            TaskCompletionSource<PreviewSnapshot> completion;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_snapshot.Version >= _requested)
                {
                    return _snapshot;
                }

                completion = new TaskCompletionSource<PreviewSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((_requested, completion));
            }

            using (cancellationToken.Register(() => completion.TrySetCanceled(cancellationToken)))
            {
                await completion.Task.ConfigureAwait(false);
            }
        }
    }

    /// <summary>Stops the worker and frees every cached tensor and module.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _running?.Cancel();
            foreach (var (_, completion) in _waiters)
            {
                completion.TrySetException(new ObjectDisposedException(nameof(PreviewEngine)));
            }

            _waiters.Clear();
        }

        _documentSubscription?.Dispose();
        _signal.Set();
        _worker.Join();
        _cache.Dispose();
        _executor.Dispose();
        _signal.Dispose();
        _updates.OnCompleted();
        _updates.Dispose();
    }

    private void Enqueue(long version, ModelGraph graph)
    {
        lock (_gate)
        {
            if (_disposed || version <= _requested)
            {
                return;
            }

            _requested = version;
            _pending = (version, graph);
            _running?.Cancel();
            foreach (var node in graph.Nodes)
            {
                _live[node.Id] = PreviewStatus.Stale;
            }
        }

        _signal.Set();
    }

    private void Work()
    {
        while (true)
        {
            _signal.WaitOne();
            (long Version, ModelGraph Graph) job;
            CancellationToken token;
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                if (_pending is not { } pending)
                {
                    continue;
                }

                job = pending;
                _pending = null;
                _running?.Dispose();
                _running = new CancellationTokenSource();
                token = _running.Token;
            }

            try
            {
                Run(job.Version, job.Graph, token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                lock (_gate)
                {
                    _cancellations++;
                }
            }
            catch (Exception exception)
            {
                // A bug, not a component failure (those are values): report it to waiters, keep serving.
                PreviewLog.RunFailed(_options.Logger, exception, job.Version);
                lock (_gate)
                {
                    foreach (var (_, completion) in _waiters)
                    {
                        completion.TrySetException(exception);
                    }

                    _waiters.Clear();
                }
            }
        }
    }

    private void Run(long version, ModelGraph graph, CancellationToken token)
    {
        var analysis = graph.Analyze(_options.Limits);
        var previews = new Dictionary<NodeId, ComponentPreview>();
        var outputs = new Dictionary<NodeId, Tensor>();
        var keys = new Dictionary<NodeId, PreviewKey>();
        var computed = new List<PreviewCacheEntry>();
        lock (_gate)
        {
            foreach (var id in analysis.TopologicalOrder)
            {
                _live[id] = PreviewStatus.Queued;
            }
        }

        try
        {
            foreach (var id in analysis.TopologicalOrder)
            {
                token.ThrowIfCancellationRequested();
                var plan = PreviewPlanner.Plan(graph, analysis, id, version, previews, keys, _sample.Id, _options.Seed);
                if (plan.Final is not null)
                {
                    previews[id] = plan.Final;
                    continue;
                }

                var key = plan.Key!;
                keys[id] = key;
                PreviewCacheEntry? entry;
                lock (_gate)
                {
                    if (_cache.TryGet(key, out entry))
                    {
                        _cacheHits++;
                        _live[id] = PreviewStatus.UpToDate;
                    }
                    else
                    {
                        _live[id] = PreviewStatus.Running;
                    }
                }

                if (entry is null)
                {
                    BeforeExecute?.Invoke(id, token);
                    token.ThrowIfCancellationRequested();
                    lock (_gate)
                    {
                        _executions[id] = _executions.GetValueOrDefault(id) + 1;
                    }

                    var info = analysis.Nodes[id];
                    entry = _executor.Execute(graph[id], info.Kind!, info, [.. graph.UpstreamOf(id).Select(u => outputs[u])], key, version);
                    computed.Add(entry);
                    previews[id] = entry.Preview;
                }
                else
                {
                    previews[id] = entry.Preview with { GraphVersion = version, Elapsed = TimeSpan.Zero };
                }

                if (entry.Preview.Status == PreviewStatus.UpToDate)
                {
                    outputs[id] = entry.Output;
                }

                lock (_gate)
                {
                    _live[id] = previews[id].Status;
                }

            }

            // Components on cycles never enter the topological order; their diagnostics say why.
            foreach (var preview in PreviewPlanner.Unreached(graph, analysis, version, previews).ToList())
            {
                previews[preview.NodeId] = preview;
            }

            token.ThrowIfCancellationRequested();
        }
        catch
        {
            // A cancelled run caches nothing.
            foreach (var entry in computed)
            {
                entry.Dispose();
            }

            throw;
        }

        Commit(version, graph, analysis, previews, keys, computed);
    }

    private void Commit(long version, ModelGraph graph, GraphAnalysis analysis, Dictionary<NodeId, ComponentPreview> previews, Dictionary<NodeId, PreviewKey> keys, List<PreviewCacheEntry> computed)
    {
        List<ComponentPreview> changed;
        lock (_gate)
        {
            foreach (var entry in computed)
            {
                if (entry.IsCacheable)
                {
                    _cache.Add(entry);
                }
                else
                {
                    entry.Dispose();
                }
            }

            var previous = _snapshot;
            var previousKeys = _committedKeys;
            _snapshot = new PreviewSnapshot(version, previews);
            WorkerLiveTensors = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            _committedKeys = keys;
            _committed++;
            _live.Clear();
            if (_pending is { } next)
            {
                // A newer version is already waiting: its components are stale, not up to date.
                foreach (var node in next.Graph.Nodes)
                {
                    _live[node.Id] = PreviewStatus.Stale;
                }
            }

            var alive = graph.Nodes.Select(n => n.Id).ToHashSet();
            _cache.RemoveNodesExcept(alive);
            _executor.Modules.RemoveNodesExcept(alive);
            _cache.Trim(_options.CacheBudgetBytes, keys.Values.ToHashSet());

            changed = PreviewPlanner.Changed(graph, analysis, previews, keys, previous, previousKeys);
        }

        foreach (var preview in changed)
        {
            _updates.OnNext(preview);
        }

        // Waiters resume only once the version's updates are out.
        lock (_gate)
        {
            foreach (var (target, completion) in _waiters.Where(w => w.Version <= version).ToList())
            {
                completion.TrySetResult(_snapshot);
                _waiters.Remove((target, completion));
            }
        }
    }

}
