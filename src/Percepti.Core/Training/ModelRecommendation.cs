using Percepti.Core.Graph;

namespace Percepti.Core.Training;

/// <summary>A ready model for a dataset: a starting point the user edits, then trains.</summary>
/// <param name="Graph">The graph, laid out, with readable component names.</param>
/// <param name="Options">Training options, including the preprocessing to fit.</param>
/// <param name="Task">Classification or regression, from the target's kind.</param>
/// <param name="Reasons">One line per choice made, for a person to read.</param>
public sealed record ModelRecommendation(ModelGraph Graph, TrainingOptions Options, ModelTask Task, IReadOnlyList<string> Reasons)
{
    /// <inheritdoc />
    public override string ToString() => string.Join(Environment.NewLine, Reasons);
}
