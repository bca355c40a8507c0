using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Percepti.Core.Backends;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Data;
using Percepti.Core.Graph;
using Percepti.Core.Preview;
using TorchSharp;
using static TorchSharp.torch;

namespace Percepti.Core.Training;

/// <summary>
/// A training run in progress on its own thread: live <see cref="Events"/>, the current
/// <see cref="Status"/>, pause/resume/stop between batches, and the <see cref="Completion"/>.
/// </summary>
public sealed class TrainingRun : IDisposable, IAsyncDisposable
{
    private readonly ModelGraph _graph;
    private readonly DatasetSplit _split;
    private readonly TrainingOptions _options;
    private readonly ILogger _logger;
    private readonly TelemetryDispatcher _telemetry;
    private readonly ManualResetEventSlim _running = new(true);
    private readonly TaskCompletionSource<TrainingResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly List<IReadOnlyDictionary<string, double>> _history = [];
    private readonly Thread _thread;
    private volatile bool _stopRequested;
    private TrainingState _state = TrainingState.Starting;
    private int _epoch;
    private int _batch;

    // The batch being read or trained (1-based), for errors: the last completed one is _batch.
    private int _current;

    private readonly bool _resume;
    private int _started;
    private CancellationTokenRegistration _cancellation;
    private readonly DateTimeOffset _startedAt;

    private readonly IComputeBackend _backend;

    internal TrainingRun(ModelGraph graph, DatasetSplit split, TrainingOptions options, bool resume = false)
    {
        _resume = resume;
        // Compared with file times, so the system's clock, not the options' (which tests may freeze).
        _startedAt = TimeProvider.System.GetUtcNow();
        _backend = options.Backend;
        _graph = graph;
        _split = split;
        _options = options;
        _logger = options.Logger;
        _telemetry = new TelemetryDispatcher(options.Logger, options.MetricsEveryBatches);
        _thread = new Thread(Train) { IsBackground = true, Name = $"Percepti training '{graph.Name}'" };
    }

    /// <summary>Live events: started, batches, epochs, layer statistics, and exactly one of completed, stopped or failed.</summary>
    public IObservable<TrainingEvent> Events => _telemetry.Events;

    /// <summary>The state now, for subscribers that join late.</summary>
    public TrainingStatus Status
    {
        get
        {
            lock (_gate)
            {
                return new TrainingStatus(_state, _epoch, _batch, [.. _history]);
            }
        }
    }

    /// <summary>Completes with the result when the run completes or is stopped; faults with <see cref="TrainingException"/> when it fails.</summary>
    public Task<TrainingResult> Completion => _completion.Task;

    /// <summary>Batch-level events a slow subscriber missed.</summary>
    public long DroppedEvents => _telemetry.Dropped;

    /// <summary>Pauses before the next batch.</summary>
    public void Pause()
    {
        lock (_gate)
        {
            if (_state is TrainingState.Running or TrainingState.Starting)
            {
                _state = TrainingState.Paused;
                _running.Reset();
            }
        }
    }

    /// <summary>Resumes a paused run.</summary>
    public void Resume()
    {
        lock (_gate)
        {
            if (_state == TrainingState.Paused)
            {
                _state = TrainingState.Running;
                _running.Set();
            }
        }
    }

    /// <summary>Stops before the next batch; the result holds the model as trained so far.</summary>
    /// <param name="cancellationToken">Stops waiting (the run still stops).</param>
    /// <returns>The result.</returns>
    public Task<TrainingResult> StopAsync(CancellationToken cancellationToken = default)
    {
        _stopRequested = true;
        _running.Set();
        return Completion.WaitAsync(cancellationToken);
    }

    /// <summary>Stops the run if needed and waits for it without blocking a thread.</summary>
    /// <returns>When the run has ended and its resources are freed.</returns>
    public async ValueTask DisposeAsync()
    {
        _stopRequested = true;
        _running.Set();
        if (Volatile.Read(ref _started) != 0)
        {
            // The run's outcome belongs to Completion's awaiters; here only its end matters.
            await Completion.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        }

        Dispose();
    }

    /// <summary>Stops the run if needed and waits for its thread.</summary>
    public void Dispose()
    {
        _stopRequested = true;
        _running.Set();
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            // Never started: nothing runs, but Completion must not wait forever.
            _completion.TrySetCanceled();
            _ = _telemetry.CompleteAsync();
        }
        else if (_thread.IsAlive && Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        _cancellation.Dispose();
        _telemetry.Dispose();
        _running.Dispose();
    }

    /// <summary>
    /// Starts a run made by <see cref="Trainer.Create"/> or <see cref="Trainer.CreateResume"/>, after the caller
    /// subscribed to <see cref="Events"/> (so not even <see cref="TrainingStarted"/> is missed). Runs from
    /// <see cref="Trainer.Start"/> and <see cref="Trainer.Resume"/> are already started.
    /// </summary>
    /// <exception cref="InvalidOperationException">The run was started already.</exception>
    public void Start() => Start(CancellationToken.None);

    /// <summary>Starts the run; cancelling the token stops it before the next batch, as <see cref="StopAsync"/> does.</summary>
    /// <param name="cancellationToken">Stops the run when cancelled.</param>
    /// <exception cref="InvalidOperationException">The run was started already.</exception>
    public void Start(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("This training run was started already.");
        }

        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.Register(() => StopAsync());
        }

        _thread.Start();
    }

    private void Train()
    {
        GraphModule? model = null;
        optim.Optimizer? optimizer = null;
        TrainingBatches? batches = null;
        SampleVisuals? visuals = null;
        using var window = new BatchMetricsWindow();

        // The copy of the best epoch's weights is owned here: Finish consumes it, a failure frees it below.
        Dictionary<string, Tensor>? bestWeights = null;
        var clock = Stopwatch.StartNew();
        try
        {
            torch.manual_seed(_options.Seed);
            _backend.Activate();
            var device = _backend.Device;
            string? checkpoints = _options.CheckpointDirectory;
            if (_resume && checkpoints is null)
            {
                throw new TrainingException("Resuming needs TrainingOptions.CheckpointDirectory: the folder the stopped run wrote its checkpoints to.");
            }

            if (checkpoints is not null)
            {
                // A run killed while writing a checkpoint leaves its temporary file behind.
                Checkpoint.RemoveStaleTemporaries(checkpoints, _startedAt);
            }

            var preprocessor = _resume ? Checkpoint.LoadPreprocessing(checkpoints!) : Preprocessor.Fit(_split.Training, _options.Preprocessing);
            // The checkpoint's preprocessing may differ from what the options ask for: check what is used.
            ColumnBinding.Check(_graph, preprocessor.Columns, _split.Training.Schema, _split.Training.Source);
            model = GraphModule.Compile(_graph, _options.Seed, _options.Limits);

            // Weights restored, then moved once, then the optimizer takes the final parameters (see ModelPlacement);
            // batches are created on the device.
            (optimizer, var resumed) = ModelPlacement.Place(model, m => m.to(device), CreateOptimizer, _resume ? checkpoints : null);
            batches = TrainingBatches.Create(_split.Training, preprocessor, _options, device);
            visuals = _options.VisualsEveryBatches > 0 ? SampleVisuals.Create(_graph, _split.Training, _options.VisualsSampleRow, preprocessor, device) : null;
            TimeSpan? lastVisuals = null;
            var classificationHead = model.Heads.FirstOrDefault(h => _graph[h].Settings is ClassificationSettings);
            NodeId? logits = null, labels = null;
            if (classificationHead != default)
            {
                var wiring = model.Wiring(classificationHead);
                (logits, labels) = (wiring.Prediction, wiring.Target);
            }

            // What a step reads back: the losses, and the class scores for accuracy.
            HashSet<NodeId> kept = [.. model.Heads];
            if (logits is { } scoresNode)
            {
                kept.Add(scoresNode);
            }
            int totalBatches = _options.Epochs * batches.BatchCount;
            SetState(TrainingState.Running);
            _telemetry.Publish(new TrainingStarted(Now, _options.Epochs, batches.BatchCount, model.ParameterCount));

            var earlyStopping = _options.EarlyStoppingMetric is { } monitor
                ? new EarlyStopping(monitor, _options.EarlyStoppingMode, _options.EarlyStoppingPatience, resumed?.Best ?? double.NaN, resumed?.SinceBest ?? 0)
                : null;
            bool stoppedEarly = false;
            int step = resumed?.Step ?? 0;
            if (resumed is not null)
            {
                lock (_gate)
                {
                    _history.AddRange(resumed.History);
                }
            }

            for (int epoch = (resumed?.Epoch ?? 0) + 1; epoch <= _options.Epochs; epoch++)
            {
                lock (_gate)
                {
                    _epoch = epoch;
                    _batch = 0;
                    _current = 1;
                }

                model.train();
                var totals = new EpochTotals(epoch);
                int batchNumber = 0;
                foreach (var pending in batches.ReadEpoch(epoch))
                {
                    if (!_running.Wait(0))
                    {
                        // Paused: subscribers see every trained batch before the run waits.
                        Publish(window, totals);
                        _running.Wait();
                    }
                    if (_stopRequested)
                    {
                        Publish(window, totals);
                        Finish(model, preprocessor, device, stopped: true, stoppedEarly: false, bestWeights);
                        bestWeights = null;
                        _telemetry.Publish(new TrainingStopped(Now, epoch, batchNumber));
                        return;
                    }

                    batchNumber++;
                    step++;
                    double rate = LearningRates.At(_options, step, totalBatches, epoch);
                    foreach (var group in optimizer.ParamGroups)
                    {
                        group.LearningRate = rate;
                    }

                    using (NewDisposeScope())
                    {
                        // Every output only when layer telemetry reads them; otherwise intermediates go early.
                        bool layerTelemetry = _options.TelemetryEveryBatches > 0 && batchNumber % _options.TelemetryEveryBatches == 0;
                        var values = pending.Tensors();
                        var outputs = model.Run(values, layerTelemetry ? null : kept);
                        var loss = model.Loss(outputs);
                        if (_options.SkipNonFiniteBatches)
                        {
                            // Skipping must happen before the step: this option reads every loss at once.
                            double value = loss.item<float>();
                            if (!double.IsFinite(value))
                            {
                                TrainingLog.SkippedBatch(_logger, epoch, batchNumber, value);
                                continue;
                            }
                        }

                        optimizer.zero_grad();
                        loss.backward();
                        if (_options.GradientClipNorm is { } clip)
                        {
                            nn.utils.clip_grad_norm_(model.parameters(), clip);
                        }

                        optimizer.step();
                        var correct = logits is { } l && labels is { } t ? CountCorrect(outputs[l], values[t.Value]) : null;
                        window.Add(batchNumber, pending.Count, loss, correct);
                        lock (_gate)
                        {
                            _batch = batchNumber;
                            _current = batchNumber + 1;
                        }

                        if (layerTelemetry || window.Count >= _options.MetricsEveryBatches)
                        {
                            Publish(window, totals);
                        }

                        if (layerTelemetry)
                        {
                            _telemetry.Publish(new LayerStatistics(Now, epoch, batchNumber, LayerTelemetry.Parameters(model), LayerTelemetry.Outputs(outputs)));
                        }

                        if (visuals is not null && batchNumber % _options.VisualsEveryBatches == 0 && (lastVisuals is null || clock.Elapsed - lastVisuals >= _options.VisualsMinimumInterval))
                        {
                            PublishVisuals(visuals, model, epoch, batchNumber, epochEnd: false);
                            lastVisuals = clock.Elapsed;
                        }
                    }
                }

                Publish(window, totals);
                var metrics = new Dictionary<string, double>(StringComparer.Ordinal) { ["loss"] = totals.Seen == 0 ? double.NaN : totals.LossSum / totals.Seen };
                if (logits is not null)
                {
                    metrics["accuracy"] = totals.Seen == 0 ? double.NaN : (double)totals.Correct / totals.Seen;
                }

                if (_split.Validation.Count > 0)
                {
                    var validation = new TrainedModel(model, preprocessor, device).Evaluate(_split.Validation, Math.Max(_options.BatchSize, 256));
                    metrics["val_loss"] = validation.Loss;
                    if (validation.Accuracy is { } accuracy)
                    {
                        metrics["val_accuracy"] = accuracy;
                    }

                    if (validation.MeanAbsoluteError is { } error)
                    {
                        metrics["val_mae"] = error;   // in the target's original units
                    }
                }

                metrics["lr"] = optimizer.ParamGroups.First().LearningRate;
                lock (_gate)
                {
                    _history.Add(metrics);
                }

                if (visuals is not null)
                {
                    PublishVisuals(visuals, model, epoch, batchNumber, epochEnd: true);
                    lastVisuals = clock.Elapsed;
                }

                var elapsed = clock.Elapsed;
                if (_options.SamplePredictionCount > 0 && _split.Validation.Count > 0)
                {
                    _telemetry.Publish(new SamplePredictions(Now, epoch, ValidationSamples.Predict(model, _split.Validation, preprocessor, device, _options.SamplePredictionCount)));
                }

                _telemetry.Publish(new EpochCompleted(Now, epoch, metrics, metrics["lr"], elapsed, elapsed / epoch * (_options.Epochs - epoch)));

                // Early-stopping state is updated once, then checkpointed as it stands; a metric the run does not
                // report fails it after the checkpoint, as before.
                TrainingException? unreported = null;
                try
                {
                    if (earlyStopping?.Update(metrics) == true && _options.RestoreBestWeights)
                    {
                        DisposeAll(bestWeights);
                        bestWeights = model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone().DetachFromDisposeScope());
                    }
                }
                catch (TrainingException exception)
                {
                    unreported = exception;
                }

                if (checkpoints is not null && epoch % _options.CheckpointEveryEpochs == 0)
                {
                    var state = new CheckpointState { Epoch = epoch, Step = step, History = [.. _history.Select(h => new Dictionary<string, double>(h))], Best = earlyStopping?.Best ?? double.NaN, SinceBest = earlyStopping?.SinceBest ?? 0 };
                    string saved = Checkpoint.Save(checkpoints, model, optimizer, preprocessor, state);
                    _telemetry.Publish(new CheckpointSaved(Now, epoch, saved));
                }

                if (unreported is not null)
                {
                    throw unreported;
                }

                if (earlyStopping is { ShouldStop: true })
                {
                    stoppedEarly = true;
                    break;
                }
            }

            Finish(model, preprocessor, device, stopped: false, stoppedEarly, bestWeights);
            bestWeights = null;
            model = null;
            _telemetry.Publish(new TrainingCompleted(Now, _history.Count, stoppedEarly));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The failing epoch and batch lead; a native trace stays in the inner exception, not the message.
            string detail = ErrorMessages.FirstLine(exception.Message);
            string reason = _epoch == 0 || exception is TrainingException
                ? detail
                : $"epoch {_epoch}, batch {_current}: {detail}";
            TrainingLog.Failed(_logger, exception, reason);
            SetState(TrainingState.Failed);
            _telemetry.Publish(new TrainingFailed(Now, reason));
            model?.Dispose();
            _completion.TrySetException(exception as TrainingException ?? new TrainingException(reason, exception));
        }
        finally
        {
            DisposeAll(bestWeights);
            visuals?.Dispose();
            batches?.Dispose();
            optimizer?.Dispose();
            _ = _telemetry.CompleteAsync();
        }
    }

    private void Finish(GraphModule model, Preprocessor preprocessor, Device device, bool stopped, bool stoppedEarly, Dictionary<string, Tensor>? bestWeights)
    {
        if (stoppedEarly && bestWeights is not null)
        {
            using var noGrad = no_grad();
            var current = model.state_dict();
            foreach (var (name, value) in bestWeights)
            {
                current[name].copy_(value);
            }
        }

        DisposeAll(bestWeights);
        model.eval();
        SetState(stopped ? TrainingState.Stopped : TrainingState.Completed);
        _completion.TrySetResult(new TrainingResult([.. _history], new TrainedModel(model, preprocessor, device), stopped, stoppedEarly));
    }

    private static void DisposeAll(Dictionary<string, Tensor>? tensors)
    {
        foreach (var tensor in tensors?.Values ?? Enumerable.Empty<Tensor>())
        {
            tensor.Dispose();
        }
    }

    private optim.Optimizer CreateOptimizer(GraphModule model) => _options.Optimizer switch
    {
        OptimizerKind.Sgd => optim.SGD(model.parameters(), _options.LearningRate, momentum: _options.Momentum, weight_decay: _options.WeightDecay, nesterov: _options.Nesterov && _options.Momentum > 0),
        OptimizerKind.AdamW => optim.AdamW(model.parameters(), _options.LearningRate, weight_decay: _options.WeightDecay),
        OptimizerKind.RMSprop => optim.RMSProp(model.parameters(), _options.LearningRate, momentum: _options.Momentum, weight_decay: _options.WeightDecay),
        OptimizerKind.Adagrad => optim.Adagrad(model.parameters(), _options.LearningRate, weight_decay: _options.WeightDecay),
        _ => optim.Adam(model.parameters(), _options.LearningRate, weight_decay: _options.WeightDecay),
    };

    /// <summary>Every component's visual of the run's sample with the current weights; at an epoch's end with the gradient magnitudes.</summary>
    private void PublishVisuals(SampleVisuals visuals, GraphModule model, int epoch, int batch, bool epochEnd)
    {
        var (components, gradients) = visuals.Compute(model, gradients: epochEnd);
        _telemetry.Publish(new ComponentVisuals(Now, epoch, batch, visuals.SampleId, components, gradients));
    }

    /// <summary>How many rows the class scores get right, as a scalar on the device (read later, with its window).</summary>
    private static Tensor CountCorrect(Tensor logits, Tensor target)
    {
        // A target holds class indices (one per row) or one-hot rows.
        var classes = target.dim() == 1 ? target.to(ScalarType.Int64) : target.argmax(1);
        return logits.argmax(1).eq(classes).sum();
    }

    /// <summary>
    /// Reads the window's values back (one wait for the device), adds them to the epoch's totals and publishes a
    /// <see cref="BatchCompleted"/> per batch; a non-finite loss fails the run naming its batch.
    /// </summary>
    private void Publish(BatchMetricsWindow window, EpochTotals totals)
    {
        foreach (var batch in window.Read())
        {
            if (!double.IsFinite(batch.Loss))
            {
                throw new TrainingException($"The loss became {batch.Loss} in epoch {totals.Epoch}, batch {batch.Batch}. Lower the learning rate, clip gradients, check the data for NaN, or set SkipNonFiniteBatches to skip such batches before their step.");
            }

            totals.Add(batch);
            double? accuracy = batch.Correct is { } hits ? (double)hits / batch.Rows : null;
            _telemetry.Publish(new BatchCompleted(Now, totals.Epoch, batch.Batch, batch.Loss, accuracy, batch.RowsPerSecond));
        }
    }

    /// <summary>Event timestamps come from the options' clock.</summary>
    private DateTimeOffset Now => _options.TimeProvider.GetLocalNow();

    private void SetState(TrainingState state)
    {
        lock (_gate)
        {
            _state = state;
        }
    }
}
