using System.Reactive.Subjects;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Percepti.Core.Components;
using Percepti.Core.Reactive;

namespace Percepti.Core.Graph;

/// <summary>
/// The graph a user is editing: the current version, undo/redo, and a stream of changes. Edits that
/// fail (a cycle, a missing node) throw and leave the document unchanged. Thread-safe; changes are
/// published in version order, after the version is current and outside the document's lock: a subscriber
/// may edit the document (its change is published after the one it handles, never nested inside it), and
/// a subscriber that throws is logged and keeps receiving, while the edit stands.
/// </summary>
public sealed class GraphDocument : IDisposable
{
    /// <summary>The most undo steps kept.</summary>
    public const int MaxHistory = 1_000;

    private readonly Lock _gate = new();
    private readonly Subject<GraphChange> _changes = new();
    private readonly LinkedList<(ModelGraph Graph, string Description)> _undo = new();
    private readonly Stack<(ModelGraph Graph, string Description)> _redo = new();
    private readonly Queue<GraphChange> _pending = new();
    private bool _publishing;
    private ModelGraph _current;
    private long _version;
    private bool _disposed;

    /// <summary>Starts a document at a graph.</summary>
    /// <param name="graph">The first version.</param>
    /// <param name="logger">Where a subscriber's failure is logged; nowhere when null.</param>
    public GraphDocument(ModelGraph graph, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        _current = graph;
        var log = logger ?? NullLogger.Instance;
        Changes = _changes.Isolate((exception, change) => GraphDocumentLog.SubscriberFailed(log, exception, change.Version));
    }

    /// <summary>The current graph.</summary>
    public ModelGraph Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>The current version number (0 at the start).</summary>
    public long Version
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    /// <summary>Whether there is an edit to undo.</summary>
    public bool CanUndo
    {
        get
        {
            lock (_gate)
            {
                return _undo.Count > 0;
            }
        }
    }

    /// <summary>Whether there is an undone edit to redo.</summary>
    public bool CanRedo
    {
        get
        {
            lock (_gate)
            {
                return _redo.Count > 0;
            }
        }
    }

    /// <summary>Every change, in version order. Subscribers read <see cref="Current"/> for the state before their subscription.</summary>
    public IObservable<GraphChange> Changes { get; }

    /// <summary>Applies an edit function to the current graph.</summary>
    /// <param name="edit">Returns the new version; throwing rejects the edit.</param>
    /// <param name="description">What the edit does, for an undo menu.</param>
    /// <returns>The new current graph.</returns>
    public ModelGraph Apply(Func<ModelGraph, ModelGraph> edit, string description)
    {
        ArgumentNullException.ThrowIfNull(edit);
        ArgumentNullException.ThrowIfNull(description);
        ModelGraph next;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var previous = _current;
            next = edit(previous) ?? throw new InvalidOperationException("An edit returned no graph.");
            if (next.Equals(previous))
            {
                return previous;
            }

            _undo.AddLast((previous, description));
            if (_undo.Count > MaxHistory)
            {
                _undo.RemoveFirst();
            }

            _redo.Clear();
            Commit(GraphChangeKind.Edit, description, previous, next);
        }

        Publish();
        return next;
    }

    /// <summary>Undoes the last edit.</summary>
    /// <returns>Whether there was one.</returns>
    public bool Undo()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_undo.Last is not { } last)
            {
                return false;
            }

            _undo.RemoveLast();
            _redo.Push((_current, last.Value.Description));
            Commit(GraphChangeKind.Undo, last.Value.Description, _current, last.Value.Graph);
        }

        Publish();
        return true;
    }

    /// <summary>Redoes the last undone edit.</summary>
    /// <returns>Whether there was one.</returns>
    public bool Redo()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_redo.TryPop(out var next))
            {
                return false;
            }

            _undo.AddLast((_current, next.Description));
            Commit(GraphChangeKind.Redo, next.Description, _current, next.Graph);
        }

        Publish();
        return true;
    }

    /// <summary>Replaces the whole graph and clears the history (e.g. after loading a file).</summary>
    /// <param name="graph">The new graph.</param>
    public void Reset(ModelGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _undo.Clear();
            _redo.Clear();
            Commit(GraphChangeKind.Reset, "Reset", _current, graph);
        }

        Publish();
    }

    /// <summary>Adds a node of a catalog kind.</summary>
    /// <param name="kind">The kind's name.</param>
    /// <param name="id">The id; generated when null.</param>
    /// <param name="settings">The settings; the kind's defaults when null.</param>
    /// <param name="position">Where to place it.</param>
    /// <returns>The new node's id.</returns>
    public NodeId AddNode(string kind, NodeId? id = null, ComponentSettings? settings = null, NodePosition position = default)
    {
        NodeId added = default;
        Apply(
            g =>
            {
                var next = g.AddNode(kind, id, settings, position);
                added = next.Nodes[^1].Id;
                return next;
            },
            $"Add {kind}");
        return added;
    }

    /// <summary>Removes a node and its connections.</summary>
    /// <param name="id">The node.</param>
    public void RemoveNode(NodeId id) => Apply(g => g.RemoveNode(id), $"Remove {id}");

    /// <summary>Connects two ports.</summary>
    /// <param name="from">The producing node.</param>
    /// <param name="fromPort">Its output port.</param>
    /// <param name="to">The consuming node.</param>
    /// <param name="toPort">Its input port.</param>
    public void Connect(NodeId from, string fromPort, NodeId to, string toPort) =>
        Apply(g => g.Connect(from, fromPort, to, toPort), $"Connect {from}.{fromPort} to {to}.{toPort}");

    /// <summary>Removes a connection.</summary>
    /// <param name="connection">The connection.</param>
    public void Disconnect(Connection connection) => Apply(g => g.Disconnect(connection), $"Disconnect {connection}");

    /// <summary>Replaces a node's settings.</summary>
    /// <param name="id">The node.</param>
    /// <param name="settings">The new settings.</param>
    public void UpdateSettings(NodeId id, ComponentSettings settings) => Apply(g => g.UpdateSettings(id, settings), $"Update settings of {id}");

    /// <summary>Updates a node's settings with a function of the current ones.</summary>
    /// <typeparam name="TSettings">The node's settings type.</typeparam>
    /// <param name="id">The node.</param>
    /// <param name="update">Returns the new settings.</param>
    public void UpdateSettings<TSettings>(NodeId id, Func<TSettings, TSettings> update)
        where TSettings : ComponentSettings =>
        Apply(g => g.UpdateSettings(id, update), $"Update settings of {id}");

    /// <summary>Changes a node's label.</summary>
    /// <param name="id">The node.</param>
    /// <param name="label">The new label.</param>
    public void Rename(NodeId id, string label) => Apply(g => g.Rename(id, label), $"Rename {id}");

    /// <summary>Moves a node.</summary>
    /// <param name="id">The node.</param>
    /// <param name="position">The new position.</param>
    public void Move(NodeId id, NodePosition position) => Apply(g => g.Move(id, position), $"Move {id}");

    /// <summary>Completes the change stream.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _changes.OnCompleted();
            _changes.Dispose();
        }
    }

    /// <summary>Makes a version current and queues its change; called under the lock.</summary>
    private void Commit(GraphChangeKind kind, string description, ModelGraph previous, ModelGraph next)
    {
        _current = next;
        _version++;
        _pending.Enqueue(new GraphChange(_version, kind, description, previous, next));
    }

    /// <summary>
    /// Publishes queued changes in version order, outside the lock. One caller publishes at a time; a change
    /// committed meanwhile (by a subscriber's own edit, or another thread) is published by that caller's loop
    /// after the current one, so notifications never nest.
    /// </summary>
    private void Publish()
    {
        lock (_gate)
        {
            if (_publishing)
            {
                return;
            }

            _publishing = true;
        }

        while (true)
        {
            GraphChange change;
            lock (_gate)
            {
                if (_pending.Count == 0 || _disposed)
                {
                    _pending.Clear();
                    _publishing = false;
                    return;
                }

                change = _pending.Dequeue();
            }

            _changes.OnNext(change);
        }
    }
}
