using Percepti.Core.Graph;

namespace Percepti.Core.Data;

/// <summary>One Input or Target component that the data cannot feed.</summary>
/// <param name="Node">The component.</param>
/// <param name="Column">The dataset column it binds to, or null when there is none.</param>
/// <param name="Expected">The shape the component declares.</param>
/// <param name="Actual">The shape the column delivers after preprocessing, or null when there is no column.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record ColumnBindingProblem(NodeId Node, string? Column, TensorShape Expected, TensorShape? Actual, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Message;
}
