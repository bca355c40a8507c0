namespace Percepti.Core.Graph;

/// <summary>The result of <see cref="ModelGraph.Analyze()"/>: diagnostics, shapes and parameter counts.</summary>
public sealed class GraphAnalysis
{
    internal GraphAnalysis(IReadOnlyList<GraphDiagnostic> diagnostics, IReadOnlyDictionary<NodeId, NodeAnalysis> nodes, IReadOnlyList<NodeId> order)
    {
        Diagnostics = diagnostics;
        Nodes = nodes;
        TopologicalOrder = order;
    }

    /// <summary>Every problem found, errors first, then in node order.</summary>
    public IReadOnlyList<GraphDiagnostic> Diagnostics { get; }

    /// <summary>Per-node findings.</summary>
    public IReadOnlyDictionary<NodeId, NodeAnalysis> Nodes { get; }

    /// <summary>The nodes in an order where every node comes after its inputs (nodes on cycles are left out).</summary>
    public IReadOnlyList<NodeId> TopologicalOrder { get; }

    /// <summary>Whether no diagnostic is an error.</summary>
    public bool IsValid => Diagnostics.All(d => d.Severity != DiagnosticSeverity.Error);

    /// <summary>The errors only.</summary>
    public IEnumerable<GraphDiagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>The total number of trainable parameters of the valid nodes.</summary>
    public long TotalParameters => Nodes.Values.Sum(n => n.ParameterCount);

    /// <summary>The diagnostics about one node.</summary>
    /// <param name="id">The node.</param>
    /// <returns>Its diagnostics.</returns>
    public IEnumerable<GraphDiagnostic> For(NodeId id) => Diagnostics.Where(d => d.NodeId == id);
}
