namespace Percepti.Core.Graph;

/// <summary>One row of a <see cref="GraphSummary"/>.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="Label">The node's label.</param>
/// <param name="Kind">The component kind.</param>
/// <param name="OutputShape">The per-sample output shape, or null when it cannot be inferred.</param>
/// <param name="Parameters">Trainable parameters.</param>
/// <param name="Inputs">The labels of the nodes feeding this one, in port order.</param>
public sealed record SummaryRow(NodeId NodeId, string Label, string Kind, TensorShape? OutputShape, long Parameters, IReadOnlyList<string> Inputs);
