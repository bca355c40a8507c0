using System.Reactive;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using Percepti.Core;
using Percepti.Core.Components;
using Percepti.Core.Data;
using Percepti.Core.Graph;
using Percepti.Core.Preview;
using Percepti.Core.Training;

namespace Percepti.Studio.Services;

/// <summary>
/// One browser session's work: its graph document (with undo/redo), its preview engine, its split of the data,
/// its training run and trained model. Blazor creates one per circuit and disposes it when the tab closes, which
/// stops the run and frees every native tensor the session owns.
/// </summary>
public sealed class StudioSession : IDisposable
{
    private readonly Subject<Unit> _changed = new();
    private readonly ILogger<StudioSession> _logger;
    private readonly StudioSessions _sessions;
    private TrainingRun? _run;
    private IDisposable? _runSubscription;
    private bool _disposed;

    /// <summary>Creates the session on the seed CNN and the first training image.</summary>
    /// <param name="data">The shared data.</param>
    /// <param name="sessions">The server's open sessions, which this one joins until it is disposed.</param>
    /// <param name="logger">Where the library and the session log.</param>
    public StudioSession(StudioData data, StudioSessions sessions, ILogger<StudioSession> logger)
    {
        _logger = logger;
        _sessions = sessions;
        Data = data;
        Split = SplitOf(data.Training, data.Test);
        Test = data.Test;
        DataDescription = $"the bundled Fashion-MNIST subset ({data.Directory})";
        Document = new GraphDocument(SeedGraph(), logger);
        Previews = new PreviewEngine(Document, Split.Training.ToPreviewSample(id: "train[0]"), new PreviewOptions { Logger = logger });

        // UI hosts redraw at most ten times a second, however fast events come.
        Changed = _changed.Sample(TimeSpan.FromMilliseconds(100));
        sessions.Add(this);
    }

    /// <summary>The session's id, shown in the page for diagnostics.</summary>
    public string Id { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The bundled data every session starts with.</summary>
    public StudioData Data { get; }

    /// <summary>Training and validation rows of the current data (80/20 of the bundled set, stratified by label).</summary>
    public DatasetSplit Split { get; private set; }

    /// <summary>Held-out rows the test view evaluates on.</summary>
    public Dataset Test { get; private set; }

    /// <summary>Where the current data came from.</summary>
    public string DataDescription { get; private set; }

    /// <summary>How each input column is preprocessed in training (chosen in the data view).</summary>
    public Dictionary<string, ColumnPreprocessing> Preprocessing { get; } = new(StringComparer.Ordinal);

    /// <summary>Augmentation of training batches, or null.</summary>
    public Augmentation? Augmentation { get; set; }

    /// <summary>The graph being edited.</summary>
    public GraphDocument Document { get; }

    /// <summary>The live previews of the document's current version, on the first training row of the current data.</summary>
    public PreviewEngine Previews { get; private set; }

    /// <summary>The current or last run's progress; null before the first run.</summary>
    public TrainingProgress? Progress { get; private set; }

    /// <summary>The current run's state (running, paused, …); null when there is none.</summary>
    public TrainingStatus? RunStatus => _run?.Status;

    /// <summary>The last trained model; owned by the session.</summary>
    public TrainedModel? Model { get; private set; }

    /// <summary>The last run's final metrics.</summary>
    public IReadOnlyDictionary<string, double>? FinalMetrics { get; private set; }

    /// <summary>The test report of <see cref="Model"/> on the test set.</summary>
    public EvaluationReport? Report { get; private set; }

    /// <summary>Whether a run is in progress (running or paused).</summary>
    public bool IsTraining => _run is not null && Progress?.Final is null;

    /// <summary>Fires (at most ten times a second) when training state changed; subscribers call <c>InvokeAsync</c>.</summary>
    public IObservable<Unit> Changed { get; }

    /// <summary>How the canvas lays graphs out: its nodes are larger than the library's default, with their previews.</summary>
    public static LayoutOptions Layout { get; } = new() { NodeWidth = 190, NodeHeight = 200, HorizontalGap = 60, VerticalGap = 40 };

    /// <summary>The seed CNN the studio opens with.</summary>
    /// <returns>The graph.</returns>
    public static ModelGraph SeedGraph() => GraphLayout.Arrange(SeedCnn(), Layout);

    private static ModelGraph SeedCnn() => ModelGraph.Create("fashion-cnn", g =>
    {
        var image = g.Input("image", TensorShape.Of(1, 28, 28));
        var label = g.Target("label", classes: 10);
        var logits = image
            .Conv2D(16, kernel: 3, activation: Activation.ReLU)
            .MaxPool2D(2)
            .Conv2D(32, 3, Activation.ReLU)
            .MaxPool2D(2)
            .Flatten()
            .Dense(64, Activation.ReLU)
            .Dense(10);
        g.Classification(logits, label);
    });

    /// <summary>Runs an edit; a refused one returns the library's message and changes nothing.</summary>
    /// <param name="edit">The edit.</param>
    /// <returns>Null when it was applied, else why not.</returns>
    public string? TryEdit(Action<GraphDocument> edit)
    {
        try
        {
            edit(Document);
            return null;
        }
        catch (GraphEditException exception)
        {
            return exception.Message;
        }
    }

    /// <summary>
    /// Replaces the session's data with a dataset loaded by the caller (on the thread pool, with the library's
    /// async readers): it is split 70/15/15, stratified by its first categorical target; previews move to its first row.
    /// </summary>
    /// <param name="dataset">The loaded data.</param>
    /// <param name="description">Where it came from.</param>
    /// <param name="test">A separate test part, or null to hold out 15 % of the rows.</param>
    /// <returns>Null when it is in use, else why not.</returns>
    public string? UseData(Dataset dataset, string description, Dataset? test = null)
    {
        if (IsTraining)
        {
            return "Stop the run before changing the data.";
        }

        try
        {
            var split = SplitOf(dataset, test);
            var previews = new PreviewEngine(Document, split.Training.ToPreviewSample(id: "train[0]"), new PreviewOptions { Logger = _logger });
            Previews.Dispose();
            Previews = previews;
            Split = split;
            Test = test ?? split.Test!;
            DataDescription = description;
            Preprocessing.Clear();
            Augmentation = null;
            _changed.OnNext(Unit.Default);
            return null;
        }
        catch (Exception exception) when (exception is PerceptiException or ArgumentException)
        {
            return exception.Message;
        }
    }

    /// <summary>
    /// How the studio splits data, stratified by its first class column: 80/20 for training and validation when a
    /// separate test part exists, else 70/15/15 with the last part held out for the test view.
    /// </summary>
    private static DatasetSplit SplitOf(Dataset dataset, Dataset? test)
    {
        string? stratify = dataset.Schema.Targets.FirstOrDefault(c => c.ClassNames.Count > 0)?.Name;
        return test is null
            ? dataset.Split(train: 0.7, validation: 0.15, test: 0.15, seed: 42, stratifyBy: stratify)
            : dataset.Split(train: 0.8, validation: 0.2, seed: 42, stratifyBy: stratify);
    }

    /// <summary>Starts training the current graph on the first <paramref name="rows"/> training rows.</summary>
    /// <param name="options">The options from the form.</param>
    /// <param name="rows">How many training rows to use (validation uses a fifth as many).</param>
    /// <returns>Null when it started, else why not (the library's message).</returns>
    public string? StartTraining(TrainingOptions options, int rows)
    {
        if (IsTraining)
        {
            return "A run is already in progress.";
        }

        DisposeRun();
        var training = Split.Training.Subset([.. Enumerable.Range(0, Math.Clamp(rows, 1, Split.Training.Count))]);
        var validation = Split.Validation.Subset([.. Enumerable.Range(0, Math.Clamp(rows / 4, 1, Split.Validation.Count))]);
        var progress = new TrainingProgress();
        TrainingRun run;
        try
        {
            run = Trainer.Create(Document.Current, DatasetSplit.From(training, validation), options with
            {
                Logger = _logger,
                Preprocessing = new Dictionary<string, ColumnPreprocessing>(Preprocessing, StringComparer.Ordinal),
                Augmentation = Augmentation,
            });
        }
        catch (Exception exception) when (exception is PerceptiException or ArgumentException)
        {
            return exception.Message;
        }

        Progress = progress;
        _run = run;
        _runSubscription = run.Events.Subscribe(e =>
        {
            progress.Add(e);
            _changed.OnNext(Unit.Default);
        });
        _ = FinishAsync(run);
        run.Start();
        _changed.OnNext(Unit.Default);
        return null;
    }

    /// <summary>Pauses the run between batches.</summary>
    public void Pause() => _run?.Pause();

    /// <summary>Resumes a paused run.</summary>
    public void Resume() => _run?.Resume();

    /// <summary>Stops the run between batches; its model so far becomes the session's model.</summary>
    /// <returns>A task that completes when the run has stopped.</returns>
    public async Task StopAsync()
    {
        if (_run is { } run)
        {
            await run.StopAsync().ConfigureAwait(false);
        }
    }

    private async Task FinishAsync(TrainingRun run)
    {
        try
        {
            var result = await run.Completion.ConfigureAwait(false);
            if (_disposed)
            {
                result.Model.Dispose();
                return;
            }

            Model?.Dispose();
            Model = result.Model;
            FinalMetrics = result.FinalMetrics;
            Report = await result.Model.EvaluateAsync(Test).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is PerceptiException or OperationCanceledException or ObjectDisposedException)
        {
            // The run's TrainingFailed event carries the reason to the UI.
            LogRunEnded(_logger, exception);
        }
        finally
        {
            _changed.OnNext(Unit.Default);
        }
    }

    private void DisposeRun()
    {
        _runSubscription?.Dispose();
        _runSubscription = null;
        _run?.Dispose();
        _run = null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;

        // Disposing the run stops it between batches and waits for its thread; then every tensor the session owns goes.
        DisposeRun();
        Model?.Dispose();
        Previews.Dispose();
        Document.Dispose();
        _changed.OnCompleted();
        _changed.Dispose();
        _sessions.Remove(this);
    }

    private static readonly Action<ILogger, Exception?> RunEnded =
        LoggerMessage.Define(LogLevel.Information, new EventId(1, "RunEnded"), "A training run ended without a model.");

    private static void LogRunEnded(ILogger logger, Exception exception) => RunEnded(logger, exception);
}
