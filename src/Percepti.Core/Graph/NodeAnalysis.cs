using Percepti.Core.Components;

namespace Percepti.Core.Graph;

/// <summary>What validation and shape inference found for one node.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="Kind">The resolved kind, or null when it is unknown.</param>
/// <param name="InputShapes">The shape arriving at each input port, in port order (null where unknown).</param>
/// <param name="OutputShape">The inferred output shape, or null when it cannot be inferred.</param>
/// <param name="ParameterCount">Trainable parameters, or 0 when unknown.</param>
/// <param name="IsValid">Whether the node and everything upstream of it is free of errors.</param>
public sealed record NodeAnalysis(
    NodeId NodeId,
    ComponentKind? Kind,
    IReadOnlyList<TensorShape?> InputShapes,
    TensorShape? OutputShape,
    long ParameterCount,
    bool IsValid);
