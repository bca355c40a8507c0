using Percepti.Core.Components;

namespace Percepti.Core.Graph;

/// <summary>A component placed in a graph: its identity, kind, settings, label and position.</summary>
/// <param name="Id">The stable id.</param>
/// <param name="Kind">The component kind's name in the <see cref="ComponentCatalog"/>, e.g. <c>Dense</c>.</param>
/// <param name="Settings">The component's settings; a record, so equal settings compare equal.</param>
/// <param name="Label">The name shown to the user.</param>
/// <param name="Position">Where the node sits on the canvas.</param>
public sealed record GraphNode(NodeId Id, string Kind, ComponentSettings Settings, string Label, NodePosition Position);
