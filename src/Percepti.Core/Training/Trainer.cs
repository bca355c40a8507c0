using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Percepti.Core.Backends;
using Percepti.Core.Data;
using Percepti.Core.Graph;

namespace Percepti.Core.Training;

/// <summary>Starts training runs.</summary>
public static class Trainer
{
    /// <summary>Starts training a graph on a split, on its own thread.</summary>
    /// <param name="graph">A valid graph with at least one loss head; Input and Target ids name dataset columns.</param>
    /// <param name="split">Training and validation rows.</param>
    /// <param name="options">Epochs, batch size, optimizer, schedule, early stopping, seed, telemetry, backend, logger.</param>
    /// <param name="cancellationToken">Stops the run before the next batch when cancelled (the result holds the model so far).</param>
    /// <returns>The running run; dispose it when done.</returns>
    /// <exception cref="ColumnBindingException">An Input or Target does not fit its column (missing, other shape or class count after preprocessing); nothing was started.</exception>
    /// <exception cref="DatasetException">A preprocessing setting names no column or does not apply to its column.</exception>
    /// <exception cref="ArgumentException">An option is out of its range; the message lists every one.</exception>
    public static TrainingRun Start(ModelGraph graph, DatasetSplit split, TrainingOptions? options = null, CancellationToken cancellationToken = default)
    {
        var run = Create(graph, split, options);
        run.Start(cancellationToken);
        return run;
    }

    /// <summary>
    /// Prepares a run without starting it, so the caller can subscribe to <see cref="TrainingRun.Events"/>
    /// first and miss nothing, not even <see cref="TrainingStarted"/>; then call <see cref="TrainingRun.Start()"/>.
    /// The graph, data and options are checked here, as <see cref="Start"/> does.
    /// </summary>
    /// <param name="graph">A valid graph with at least one loss head.</param>
    /// <param name="split">Training and validation rows.</param>
    /// <param name="options">The options; the defaults when null.</param>
    /// <returns>The run, not started; dispose it when done.</returns>
    /// <exception cref="ColumnBindingException">An Input or Target does not fit its column.</exception>
    /// <exception cref="ArgumentException">An option is out of its range.</exception>
    public static TrainingRun Create(ModelGraph graph, DatasetSplit split, TrainingOptions? options = null) =>
        Prepare(graph, split, options ?? new TrainingOptions(), resume: false);

    /// <summary>Prepares a resumed run without starting it (see <see cref="Create"/> and <see cref="Resume"/>).</summary>
    /// <param name="graph">The graph the checkpoint was trained on.</param>
    /// <param name="split">The same split.</param>
    /// <param name="options">The same options, with the checkpoint folder.</param>
    /// <returns>The run, not started.</returns>
    public static TrainingRun CreateResume(ModelGraph graph, DatasetSplit split, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Prepare(graph, split, options, resume: true);
    }

    /// <summary>
    /// Continues a stopped or crashed run from the last checkpoint in <see cref="TrainingOptions.CheckpointDirectory"/>:
    /// weights, optimizer state, random state, history and position are restored, and training goes on
    /// with the epoch after the checkpoint. On CPU with a fixed seed the result equals an uninterrupted run. A checkpoint
    /// written on one backend resumes on another: weights are restored before the module moves to the backend, and the
    /// optimizer is created on the moved parameters before its state is restored (on CUDA the result equals an
    /// uninterrupted run up to the device's nondeterministic kernels).
    /// </summary>
    /// <param name="graph">The graph the checkpoint was trained on.</param>
    /// <param name="split">The same split.</param>
    /// <param name="options">The same options (Epochs may be raised to train longer).</param>
    /// <param name="cancellationToken">Stops the run before the next batch when cancelled.</param>
    /// <returns>The running run; its Completion faults with <see cref="TrainingException"/> when there is no usable checkpoint.</returns>
    /// <exception cref="ColumnBindingException">An Input or Target does not fit its column; nothing was started.</exception>
    public static TrainingRun Resume(ModelGraph graph, DatasetSplit split, TrainingOptions options, CancellationToken cancellationToken = default)
    {
        var run = CreateResume(graph, split, options);
        run.Start(cancellationToken);
        return run;
    }

    /// <summary>The one path to a run, fresh or resumed: arguments, options and data checked, nothing started.</summary>
    private static TrainingRun Prepare(ModelGraph graph, DatasetSplit split, TrainingOptions options, bool resume)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(split);
        Options.OptionsValidator.Validate(options, nameof(options));
        if (options.VisualsMinimumInterval < TimeSpan.Zero)
        {
            throw new ArgumentException($"TrainingOptions.VisualsMinimumInterval must not be negative ({options.VisualsMinimumInterval}).", nameof(options));
        }

        if (options.VisualsEveryBatches > 0 && options.VisualsSampleRow >= split.Training.Count)
        {
            throw new ArgumentException($"TrainingOptions.VisualsSampleRow {options.VisualsSampleRow} is not a row of the {split.Training.Count:N0} training rows.", nameof(options));
        }

        CheckData(graph, split, options);
        return new TrainingRun(graph, split, options, resume);
    }

    /// <summary>
    /// Before any work: every Input and Target fits the column it binds to, after the preprocessing the options
    /// ask for, and every part of the split has the columns the preprocessing reads.
    /// </summary>
    internal static void CheckData(ModelGraph graph, DatasetSplit split, TrainingOptions options)
    {
        var planned = Preprocessor.Plan(split.Training.Schema, options.Preprocessing);
        ColumnBinding.Check(graph, planned, split.Training.Schema, split.Training.Source);
        ColumnBinding.CheckDataset(graph, planned, split.Validation);
        if (split.Test is { } test)
        {
            ColumnBinding.CheckDataset(graph, planned, test);
        }
    }
}
