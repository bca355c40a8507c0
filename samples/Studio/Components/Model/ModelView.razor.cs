using System.Reactive.Linq;
using Blazor.Diagrams;
using Blazor.Diagrams.Core.Anchors;
using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;
using Blazor.Diagrams.Core.Models.Base;
using Blazor.Diagrams.Options;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Percepti.Core.Graph;
using Percepti.Core.Preview;
using Percepti.Core.Training;
using Percepti.Studio.Services;

namespace Percepti.Studio.Components.Model;

/// <summary>
/// The model canvas. The graph document is the only source of truth: every gesture on the canvas (drop, link,
/// move, delete) becomes a document edit, and the canvas is then reconciled with the document's current version,
/// so a refused edit leaves both unchanged and undo/redo redraw what the document says.
/// </summary>
public sealed partial class ModelView : IDisposable
{
    private readonly Dictionary<NodeId, GraphNodeModel> _nodes = [];
    private readonly Dictionary<Connection, LinkModel> _links = [];
    private BlazorDiagram _diagram = null!;
    private IDisposable? _changes;
    private IDisposable? _previews;
    private IDisposable? _training;
    private ComponentVisuals? _drawnVisuals;
    private string? _dragged;
    private NodeId? _selected;
    private string? _error;
    private bool _syncing;
    private (long Version, ILookup<NodeId, GraphDiagnostic> Diagnostics) _analysis = (-1, Enumerable.Empty<GraphDiagnostic>().ToLookup(d => d.NodeId!.Value));

    [Inject]
    private StudioSession Session { get; set; } = null!;

    private ModelGraph Graph => Session.Document.Current;

    /// <summary>While a run trains: the latest visuals of its sample, which the nodes draw instead of their previews.</summary>
    public ComponentVisuals? TrainingVisuals => Session.IsTraining ? Session.Progress?.Visuals : null;

    /// <summary>While a run trains: the gradient magnitude at a node's output on the sample after the latest epoch, if known.</summary>
    /// <param name="id">The node.</param>
    /// <returns>The mean absolute gradient of the sample's loss, or null.</returns>
    public double? GradientOf(NodeId id) =>
        Session.IsTraining && Session.Progress?.Gradients is { } gradients && gradients.TryGetValue(id, out double value) ? value : null;

    /// <summary>
    /// What a node shows: while a run trains, its output on the run's sample with the current weights; otherwise the
    /// latest committed preview, with its live status while a newer version runs.
    /// </summary>
    /// <param name="id">The node.</param>
    /// <returns>The preview, or null before the first one.</returns>
    public ComponentPreview? PreviewOf(NodeId id)
    {
        if (TrainingVisuals?.Components.FirstOrDefault(c => c.NodeId == id) is { } trained)
        {
            return trained;
        }

        var snapshot = Session.Previews.Snapshot;
        var live = Session.Previews.GetStatus(id);
        return snapshot.Previews.TryGetValue(id, out var preview)
            ? (snapshot.Version == Session.Document.Version ? preview : preview with { Status = live })
            : null;
    }

    /// <summary>How many times the engine computed the node.</summary>
    /// <param name="id">The node.</param>
    /// <returns>The count.</returns>
    public int ExecutionsOf(NodeId id) => Session.Previews.Counters.Executions.GetValueOrDefault(id);

    /// <summary>The validation diagnostics placed on a node.</summary>
    /// <param name="id">The node.</param>
    /// <returns>Its diagnostics.</returns>
    public IEnumerable<GraphDiagnostic> DiagnosticsOf(NodeId id)
    {
        if (_analysis.Version != Session.Document.Version)
        {
            _analysis = (Session.Document.Version, Graph.Validate().Where(d => d.NodeId is not null).ToLookup(d => d.NodeId!.Value));
        }

        return _analysis.Diagnostics[id];
    }

    protected override void OnInitialized()
    {
        _diagram = new BlazorDiagram(new BlazorDiagramOptions
        {
            AllowMultiSelection = false,
            Links = { EnableSnapping = true, RequireTarget = true },
            Constraints =
            {
                // Deleting on the canvas edits the document; the reconciliation then removes what the document removed.
                ShouldDeleteNode = node => ValueTask.FromResult(Delete(() => Session.Document.RemoveNode(((GraphNodeModel)node).NodeId))),
                ShouldDeleteLink = link => ValueTask.FromResult(Delete(() =>
                {
                    if (_links.FirstOrDefault(l => l.Value == link).Key is { } connection)
                    {
                        Session.Document.Disconnect(connection);
                    }
                })),
            },
        });
        _diagram.RegisterComponent<GraphNodeModel, NodeWidget>();
        _diagram.Links.Added += OnLinkAdded;
        _diagram.SelectionChanged += model =>
        {
            _selected = _diagram.GetSelectedModels().OfType<GraphNodeModel>().FirstOrDefault()?.NodeId;
            StateHasChanged();
        };

        // Edits come on the thread that made them; the reconciliation runs on the circuit after the current handler.
        _changes = Session.Document.Changes.Subscribe(_ => InvokeAsync(async () =>
        {
            await Task.Yield();
            Sync();
            StateHasChanged();
        }));
        _previews = Session.Previews.Updates.Buffer(TimeSpan.FromMilliseconds(50)).Where(b => b.Count > 0).Subscribe(batch => InvokeAsync(() =>
        {
            foreach (var node in _nodes.Values)
            {
                node.Refresh();
            }

            StateHasChanged();
        }));

        // While a run trains, its newest component visuals redraw the nodes (at most every 200 ms).
        _training = Session.Changed.Sample(TimeSpan.FromMilliseconds(200)).Subscribe(_ => InvokeAsync(() =>
        {
            var visuals = TrainingVisuals;
            if (!ReferenceEquals(visuals, _drawnVisuals))
            {
                _drawnVisuals = visuals;
                foreach (var node in _nodes.Values)
                {
                    node.Refresh();
                }

                StateHasChanged();
            }
        }));
        Sync();
    }

    /// <summary>
    /// An edit from this view's own handlers: the canvas is reconciled at once, so the render that follows shows the
    /// new version and its canvas together (edits from elsewhere reconcile through the document's change stream).
    /// </summary>
    private void Edit(Func<string?> edit)
    {
        _error = edit();
        Sync();
    }

    private bool Delete(Action edit)
    {
        _error = Session.TryEdit(_ => edit());
        return false;
    }

    /// <summary>Makes the canvas show the document's current version: nodes, ports, positions, links.</summary>
    private void Sync()
    {
        var graph = Graph;
        _syncing = true;
        try
        {
            _diagram.Batch(() =>
            {
                foreach (var (id, model) in _nodes.ToList())
                {
                    if (!graph.Nodes.Any(n => n.Id == id) || graph[id].Kind != model.Kind.Name)
                    {
                        RemoveLinksOf(model);
                        _diagram.Nodes.Remove(model);
                        _nodes.Remove(id);
                    }
                }

                foreach (var node in graph.Nodes)
                {
                    if (!_nodes.TryGetValue(node.Id, out var model))
                    {
                        model = new GraphNodeModel(node, graph.Catalog.Get(node.Kind));
                        model.Moved += OnMoved;
                        _nodes[node.Id] = model;
                        _diagram.Nodes.Add(model);
                        continue;
                    }

                    string ports = model.PortSignature;
                    model.Update(node);
                    if (ports != model.PortSignature)
                    {
                        RemoveLinksOf(model);
                    }

                    if (model.Position.X != node.Position.X || model.Position.Y != node.Position.Y)
                    {
                        model.SetPosition(node.Position.X, node.Position.Y);
                    }

                    model.Refresh();
                }

                foreach (var (connection, link) in _links.ToList())
                {
                    if (!graph.Connections.Contains(connection) || link.Diagram is null)
                    {
                        _links.Remove(connection);
                        if (link.Diagram is not null)
                        {
                            _diagram.Links.Remove(link);
                        }
                    }
                }

                foreach (var connection in graph.Connections.Where(c => !_links.ContainsKey(c)))
                {
                    var from = _nodes[connection.From.Node].Ports.OfType<GraphPortModel>().Single(p => !p.IsInput && p.Name == connection.From.Port);
                    var to = _nodes[connection.To.Node].Ports.OfType<GraphPortModel>().Single(p => p.IsInput && p.Name == connection.To.Port);
                    var link = new LinkModel($"{connection.From.Node.Value}:{connection.From.Port}->{connection.To.Node.Value}:{connection.To.Port}", from, to);
                    _links[connection] = link;
                    _diagram.Links.Add(link);
                }
            });
        }
        finally
        {
            _syncing = false;
        }

        if (_selected is { } selected && !graph.Nodes.Any(n => n.Id == selected))
        {
            _selected = null;
        }
    }

    private void RemoveLinksOf(GraphNodeModel model)
    {
        foreach (var (connection, link) in _links.Where(l => l.Key.From.Node == model.NodeId || l.Key.To.Node == model.NodeId).ToList())
        {
            _links.Remove(connection);
            _diagram.Links.Remove(link);
        }
    }

    private void OnLinkAdded(BaseLinkModel link)
    {
        if (!_syncing)
        {
            link.TargetAttached += OnTargetAttached;
        }
    }

    /// <summary>A link drawn by the user: it becomes a connection in the document (or a message), never a canvas-only link.</summary>
    private void OnTargetAttached(BaseLinkModel link)
    {
        link.TargetAttached -= OnTargetAttached;
        var source = (link.Source as SinglePortAnchor)?.Port as GraphPortModel;
        var target = (link.Target as SinglePortAnchor)?.Port as GraphPortModel;
        _diagram.Links.Remove(link);
        if (source is null || target is null)
        {
            _error = "Drop the link on a port: from an output (right side) to an input (left side).";
        }
        else
        {
            // Either direction of dragging means output -> input.
            var (from, to) = source.IsInput ? (target, source) : (source, target);
            _error = from.IsInput || !to.IsInput
                ? $"A connection goes from an output port to an input port; '{source.Name}' and '{target.Name}' are both {(source.IsInput ? "inputs" : "outputs")}."
                : Session.TryEdit(d => d.Connect(from.Node.NodeId, from.Name, to.Node.NodeId, to.Name));
        }

        _ = InvokeAsync(async () =>
        {
            await Task.Yield();
            Sync();
            StateHasChanged();
        });
    }

    private void OnMoved(MovableModel model)
    {
        if (_syncing || model is not GraphNodeModel node)
        {
            return;
        }

        var position = new NodePosition(Math.Round(node.Position.X), Math.Round(node.Position.Y));
        if (Graph[node.NodeId].Position != position)
        {
            _error = Session.TryEdit(d => d.Move(node.NodeId, position));
        }
    }

    private void OnDrop(DragEventArgs e)
    {
        if (_dragged is not { } kind)
        {
            return;
        }

        _dragged = null;
        var point = _diagram.GetRelativeMousePoint(e.ClientX, e.ClientY);
        var position = new NodePosition(Math.Round(point.X), Math.Round(point.Y));
        Edit(() => Session.TryEdit(d => _selected = d.AddNode(kind, DataColumnFor(kind), position: position)));
    }

    /// <summary>
    /// An Input or Target takes the dataset column of the same id; a dropped one is named after the first column of
    /// its role that no node uses yet, so a graph built by hand trains without renaming anything.
    /// </summary>
    private NodeId? DataColumnFor(string kind)
    {
        var schema = Session.Split.Training.Schema;
        var columns = kind switch
        {
            "Input" => schema.Inputs,
            "Target" => schema.Targets,
            _ => [],
        };
        return columns.Select(c => c.Name).FirstOrDefault(name => NodeId.Check(name) is null && !Graph.Nodes.Any(n => n.Id.Value == name)) is { } free ? new NodeId(free) : (NodeId?)null;
    }

    private void New() => Edit(() => Session.TryEdit(d => d.Reset(ModelGraph.Empty("untitled", Graph.Catalog))));

    private void Seed() => Edit(() => Session.TryEdit(d => d.Reset(StudioSession.SeedGraph())));

    private void Rename(string label)
    {
        if (_selected is { } id)
        {
            Edit(() => Session.TryEdit(d => d.Rename(id, label)));
        }
    }

    private void Undo() => Edit(() => Session.Document.Undo() ? null : _error);

    private void Redo() => Edit(() => Session.Document.Redo() ? null : _error);

    private void Layout() => Edit(() => Session.TryEdit(d => d.Apply(g => GraphLayout.Arrange(g, StudioSession.Layout), "Auto-layout")));

    private void DeleteSelected()
    {
        if (_selected is { } id)
        {
            Edit(() => Session.TryEdit(d => d.RemoveNode(id)));
        }
    }

    private void CommitSettings(ComponentSettings settings)
    {
        if (_selected is { } id)
        {
            Edit(() => Session.TryEdit(d => d.UpdateSettings(id, settings)));
        }
    }

    private void OnKeyDown(KeyboardEventArgs e)
    {
        if (!e.CtrlKey && !e.MetaKey)
        {
            return;
        }

        if (e.Key is "z" or "Z" && !e.ShiftKey)
        {
            Undo();
        }
        else if (e.Key is "y" or "Y" || (e.Key is "z" or "Z" && e.ShiftKey))
        {
            Redo();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _changes?.Dispose();
        _previews?.Dispose();
        _training?.Dispose();
    }
}
