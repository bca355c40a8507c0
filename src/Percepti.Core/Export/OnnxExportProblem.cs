using Percepti.Core.Graph;

namespace Percepti.Core.Export;

/// <summary>A component that keeps a graph from being exported to ONNX.</summary>
/// <param name="Node">The component.</param>
/// <param name="Kind">Its kind's name.</param>
/// <param name="Reason">Why ONNX cannot express it, and what to do instead.</param>
public sealed record OnnxExportProblem(NodeId Node, string Kind, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"component '{Node}' ({Kind}): {Reason}";
}
