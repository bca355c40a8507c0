using System.Collections.Concurrent;
using System.Reactive.Linq;
using Percepti.Core.Components;
using Percepti.Core.Data;
using Percepti.Core.Graph;
using Percepti.Core.Tests.Data;
using Percepti.Core.Training;

namespace Percepti.Core.Tests.Training;

public sealed class TrainerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private static readonly Lazy<Dataset> Bundled = new(() => FashionMnist.Load(TestFiles.BundledDirectory));

    /// <summary>A small MLP on Fashion-MNIST: fast enough for tests, real enough to learn.</summary>
    private static ModelGraph Mlp() => ModelGraph.Create("mlp", g =>
    {
        var image = g.Input("image", TensorShape.Of(1, 28, 28));
        var label = g.Target("label", classes: 10);
        g.Classification(image.Flatten().Dense(64, Activation.ReLU).Dense(10), label);
    });

    private static DatasetSplit SmallSplit(int rows = 1200) =>
        Bundled.Value.Subset([.. Enumerable.Range(0, rows)]).Split(train: 0.8, validation: 0.2, seed: 1);

    [Fact]
    public async Task Loss_decreases_and_accuracy_beats_chance_with_every_event_in_order()
    {
        var events = new ConcurrentQueue<TrainingEvent>();
        using var run = Trainer.Create(Mlp(), SmallSplit(), new TrainingOptions { Epochs = 3, BatchSize = 32, TelemetryEveryBatches = 10, Seed = 3 });
        using var subscription = run.Events.Subscribe(events.Enqueue);
        run.Start();
        var result = await run.Completion.WaitAsync(Timeout);
        using var model = result.Model;
        await WaitForTerminal(events);

        result.History.Should().HaveCount(3);
        result.History[2]["loss"].Should().BeLessThan(result.History[0]["loss"]);
        result.FinalMetrics["val_accuracy"].Should().BeGreaterThan(0.5, "chance is 0.1");
        var list = events.ToList();
        list.OfType<EpochCompleted>().Select(e => e.Epoch).Should().Equal(1, 2, 3);
        list.Count(e => e is TrainingCompleted or TrainingStopped or TrainingFailed).Should().Be(1);
        list[^1].Should().BeOfType<TrainingCompleted>();
        list.OfType<LayerStatistics>().Should().NotBeEmpty().And.AllSatisfy(s => s.Parameters.Should().Contain(p => p.Gradients != null));
        list.OfType<BatchCompleted>().Should().NotBeEmpty();
        list.OfType<LayerStatistics>().First().Outputs.Select(o => o.NodeId.Value).Should().Contain(["dense_1", "dense_2", "classification_1"]);
        list.OfType<LayerStatistics>().First().Outputs.Single(o => o.NodeId.Value == "dense_1").Histogram.Sum().Should().Be(32 * 64, "every output value of the batch is counted");
        list.OfType<LayerStatistics>().First().Parameters.Should().OnlyContain(p => p.Norm > 0 && p.GradientNorm != null);
        var predictions = list.OfType<SamplePredictions>().ToList();
        predictions.Select(p => p.Epoch).Should().Equal(1, 2, 3);
        predictions[^1].Samples.Should().HaveCount(8).And.OnlyContain(p => p.Input.Count == 784 && p.Prediction.Count == 10 && p.PredictedClass != null && p.TargetClass != null);
        predictions[^1].Samples[0].Prediction.Sum().Should().BeApproximately(1f, 1e-4f, "class probabilities");
        run.Status.State.Should().Be(TrainingState.Completed);

        var report = model.Evaluate(Bundled.Value.Subset([.. Enumerable.Range(5000, 500)]));
        report.Accuracy.Should().BeGreaterThan(0.5);
        report.ConfusionMatrix.Sum(r => r.Sum()).Should().Be(500);
    }

    [Fact]
    public async Task Pause_resume_and_stop_act_between_batches()
    {
        var batches = new ConcurrentQueue<BatchCompleted>();
        using var run = Trainer.Start(Mlp(), SmallSplit(), new TrainingOptions { Epochs = 50, BatchSize = 16 });
        using var subscription = run.Events.OfType<BatchCompleted>().Subscribe(batches.Enqueue);
        await Eventually.WaitUntil(() => batches.Count >= 3, Timeout);

        run.Pause();
        await Eventually.WaitUntil(() => run.Status.State == TrainingState.Paused, Timeout);
        await Task.Delay(300);
        int paused = run.Status.Batch;
        await Task.Delay(300);
        run.Status.Batch.Should().BeInRange(paused, paused + 1, "at most the batch in flight finishes after a pause");
        run.Resume();
        await Eventually.WaitUntil(() => run.Status.Batch > paused + 2 || run.Status.Epoch > 1, Timeout);

        var result = await run.StopAsync().WaitAsync(Timeout);
        using var model = result.Model;
        result.Stopped.Should().BeTrue();
        run.Status.State.Should().Be(TrainingState.Stopped);
    }

    [Fact]
    public async Task A_non_finite_loss_fails_the_run_naming_epoch_and_batch_or_is_skipped_when_asked()
    {
        // Row 40 holds NaN pixels: its batch's loss is NaN.
        var pixels = Enumerable.Range(0, 64 * 4).Select(i => (float)(i % 7) / 7).ToArray();
        for (int i = 40 * 4; i < 41 * 4; i++)
        {
            pixels[i] = float.NaN;
        }

        var dataset = Dataset.FromArrays(
            (new DatasetColumn("x", ColumnKind.Tensor, TensorShape.Of(4), ColumnRole.Input), pixels),
            (new DatasetColumn("y", ColumnKind.Categorical, TensorShape.Scalar, ColumnRole.Target) { ClassNames = ["a", "b"] }, [.. Enumerable.Range(0, 64).Select(i => (float)(i % 2))]));
        var split = dataset.SplitCounts(train: 64, validation: 0);
        var graph = ModelGraph.Create("nan", g => g.Classification(g.Input("x", TensorShape.Of(4)).Dense(2), g.Target("y", classes: 2)));

        var failures = new ConcurrentQueue<TrainingEvent>();
        using (var run = Trainer.Create(graph, split, new TrainingOptions { Epochs = 2, BatchSize = 8 }))
        {
            // Subscribed before the start: the run fails within a few batches, its events must not be missed.
            using var subscription = run.Events.Subscribe(failures.Enqueue);
            run.Start();
            var act = () => run.Completion.WaitAsync(Timeout);
            (await act.Should().ThrowAsync<TrainingException>()).Which.Message.Should().Contain("epoch 1, batch").And.Contain("NaN");
            await WaitForTerminal(failures);
            failures.OfType<TrainingFailed>().Should().ContainSingle().Which.Reason.Should().Contain("epoch 1");
            run.Status.State.Should().Be(TrainingState.Failed);
        }

        using var skipping = Trainer.Start(graph, split, new TrainingOptions { Epochs = 2, BatchSize = 8, SkipNonFiniteBatches = true });
        var result = await skipping.Completion.WaitAsync(Timeout);
        using var trained = result.Model;
        result.History.Should().HaveCount(2);
        result.History.Should().OnlyContain(h => double.IsFinite(h["loss"]));
    }

    [Fact]
    public async Task Slow_and_throwing_subscribers_never_block_training_nor_miss_epoch_events()
    {
        var epochs = new ConcurrentQueue<EpochCompleted>();
        using var release = new ManualResetEventSlim(false);
        var logger = new RecordingLogger();
        using var run = Trainer.Start(Mlp(), SmallSplit(), new TrainingOptions { Epochs = 3, BatchSize = 16, Logger = logger });

        // The slow subscriber holds the delivery thread until training is over: no race with the training speed.
        using var slow = run.Events.Subscribe(e =>
        {
            if (e is EpochCompleted epoch)
            {
                epochs.Enqueue(epoch);
            }

            release.Wait();
        });
        var seenByThrowing = new ConcurrentQueue<EpochCompleted>();
        using var throwing = run.Events.Subscribe(e =>
        {
            if (e is EpochCompleted epoch)
            {
                seenByThrowing.Enqueue(epoch);
            }

            throw new InvalidOperationException("broken subscriber");
        });
        var result = await run.Completion.WaitAsync(Timeout);
        using var model = result.Model;
        release.Set();

        await Eventually.WaitUntil(() => epochs.Count == 3 && seenByThrowing.Count == 3, Timeout);
        epochs.Select(e => e.Epoch).Should().Equal(1, 2, 3);
        seenByThrowing.Select(e => e.Epoch).Should().Equal([1, 2, 3], "a subscriber that throws on every event is logged and keeps receiving");
        await Eventually.WaitUntil(() => logger.Entries.Any(e => e.Event.Id == 5001 && e.Message.Contains(nameof(EpochCompleted), StringComparison.Ordinal)), Timeout);
        run.DroppedEvents.Should().BeGreaterThan(0, "180 batch events met a delivery thread held until training ended");
    }

    [Fact]
    public async Task Early_stopping_ends_the_run_and_mismatched_columns_are_refused_at_start()
    {
        using var run = Trainer.Start(Mlp(), SmallSplit(), new TrainingOptions { Epochs = 40, BatchSize = 64, LearningRate = 0.05, EarlyStoppingMetric = "val_loss", EarlyStoppingPatience = 1 });
        var result = await run.Completion.WaitAsync(Timeout);
        using var model = result.Model;
        result.StoppedEarly.Should().BeTrue("a high learning rate stops improving quickly");
        result.History.Count.Should().BeLessThan(40);

        var wrong = ModelGraph.Create("wrong", g => g.Classification(g.Input("pixels", TensorShape.Of(1, 28, 28)).Flatten().Dense(10), g.Target("label", classes: 10)));
        var act = () => Trainer.Start(wrong, SmallSplit());
        act.Should().Throw<ColumnBindingException>().Which.Message.Should().Contain("Input 'pixels' has no dataset column");
    }

    [Fact]
    public async Task A_run_created_before_it_starts_lets_a_subscriber_see_every_event_from_TrainingStarted_on()
    {
        var events = new ConcurrentQueue<TrainingEvent>();
        using var run = Trainer.Create(Mlp(), SmallSplit(240), new TrainingOptions { Epochs = 1, BatchSize = 64 });
        using var subscription = run.Events.Subscribe(events.Enqueue);
        run.Status.State.Should().Be(TrainingState.Starting, "nothing runs before Start");
        run.Start();
        var result = await run.Completion.WaitAsync(Timeout);
        using var model = result.Model;
        await WaitForTerminal(events);

        events.First().Should().BeOfType<TrainingStarted>();
        var again = () => run.Start();
        again.Should().Throw<InvalidOperationException>();

        var unused = Trainer.Create(Mlp(), SmallSplit(240));
        unused.Dispose();
        unused.Completion.IsCanceled.Should().BeTrue("a run disposed before it started ends its Completion");
    }

    [Fact]
    public async Task A_cancelled_token_stops_the_run_with_its_model_and_async_disposal_and_evaluation_work()
    {
        using var cancel = new CancellationTokenSource();
        var batches = new ConcurrentQueue<BatchCompleted>();
        await using var run = Trainer.Start(Mlp(), SmallSplit(), new TrainingOptions { Epochs = 1000, BatchSize = 16 }, cancellationToken: cancel.Token);
        using var subscription = run.Events.Subscribe(e => { if (e is BatchCompleted b) batches.Enqueue(b); });
        await Eventually.WaitUntil(() => !batches.IsEmpty, Timeout);
        await cancel.CancelAsync();

        var result = await run.Completion.WaitAsync(Timeout);
        using var model = result.Model;
        result.Stopped.Should().BeTrue("cancelling stops the run as StopAsync does, keeping the model trained so far");

        using var early = new CancellationTokenSource();
        await early.CancelAsync();
        var cancelled = () => model.EvaluateAsync(SmallSplit().Validation, cancellationToken: early.Token);
        await cancelled.Should().ThrowAsync<OperationCanceledException>();
        var report = await model.EvaluateAsync(SmallSplit().Validation);
        report.Should().BeEquivalentTo(model.Evaluate(SmallSplit().Validation), "the same evaluation, off the caller's thread");
    }

    [Fact]
    public async Task Event_times_come_from_the_options_clock()
    {
        var frozen = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var events = new ConcurrentQueue<TrainingEvent>();
        using var run = Trainer.Create(Mlp(), SmallSplit(240), new TrainingOptions { Epochs = 1, BatchSize = 64, TimeProvider = new FrozenClock(frozen) });
        using var subscription = run.Events.Subscribe(events.Enqueue);
        run.Start();
        using var model = (await run.Completion.WaitAsync(Timeout)).Model;
        await WaitForTerminal(events);

        events.Should().NotBeEmpty().And.OnlyContain(e => e.Time == frozen);
    }

    [Fact]
    public async Task A_bad_class_label_fails_the_run_naming_its_epoch_batch_and_row_without_a_native_trace()
    {
        // 200 rows, batch 10: one label of 12 among 10 classes, in whichever batch the shuffle puts it.
        float[] labels = [.. Enumerable.Range(0, 200).Select(i => (float)(i % 10))];
        labels[137] = 12;
        var dataset = Dataset.FromArrays(
            (new DatasetColumn("x", ColumnKind.Tensor, TensorShape.Of(4), ColumnRole.Input), new float[800]),
            (new DatasetColumn("label", ColumnKind.Categorical, TensorShape.Scalar, ColumnRole.Target) { ClassNames = [.. Enumerable.Range(0, 10).Select(i => $"c{i}")] }, labels));
        var split = DatasetSplit.From(dataset, dataset.Subset([]));
        var options = new TrainingOptions { Epochs = 1, BatchSize = 10, Seed = 5 };
        int expectedBatch = (Array.IndexOf(new DataLoader(dataset, Preprocessor.Fit(dataset), new DataLoaderOptions { BatchSize = 10, Seed = 5 }).Order(1), 137) / 10) + 1;
        var graph = ModelGraph.Create("labels", g => g.Classification(g.Input("x", TensorShape.Of(4)).Dense(10), g.Target("label", classes: 10)));

        // Streamed rows are read in their batch; prepared rows are all read before the first epoch.
        var streamed = await Failure(options with { PreparedDataBudgetBytes = 0 });
        streamed.Message.Should().StartWith($"epoch 1, batch {expectedBatch}: Row 137 of memory: Column 'label': class index 12 is not one of 0 to 9.");
        var prepared = await Failure(options);
        prepared.Message.Should().StartWith("Preparing the training rows before the first epoch: Row 137 of memory: Column 'label': class index 12 is not one of 0 to 9.");
        foreach (var error in new[] { streamed, prepared })
        {
            error.Message.Should().NotContain("\n", "a native trace belongs in the inner exception");
            error.InnerException.Should().BeOfType<DatasetException>();
        }

        async Task<TrainingException> Failure(TrainingOptions used)
        {
            using var run = Trainer.Start(graph, split, used);
            var act = () => run.Completion.WaitAsync(Timeout);
            return (await act.Should().ThrowAsync<TrainingException>()).Which;
        }
    }

    [Fact]
    public async Task A_regression_head_learns_a_linear_function_and_reports_regression_metrics()
    {
        var random = new Random(5);
        float[] x = [.. Enumerable.Range(0, 2 * 400).Select(_ => (float)((random.NextDouble() * 2) - 1))];
        float[] y = [.. Enumerable.Range(0, 400).Select(i => (2 * x[2 * i]) - x[(2 * i) + 1] + 0.5f)];
        var dataset = Dataset.FromArrays(
            (new DatasetColumn("x", ColumnKind.Tensor, TensorShape.Of(2), ColumnRole.Input), x),
            (new DatasetColumn("y", ColumnKind.Tensor, TensorShape.Of(1), ColumnRole.Target), y));
        var split = dataset.Split(train: 0.8, validation: 0.1, test: 0.1, seed: 2);
        var graph = ModelGraph.Create("linear", g => g.Regression(g.Input("x", TensorShape.Of(2)).Dense(1), g.Target("y", TensorShape.Of(1))));

        using var run = Trainer.Start(graph, split, new TrainingOptions { Epochs = 30, BatchSize = 16, LearningRate = 0.05 });
        var result = await run.Completion.WaitAsync(Timeout);
        using var model = result.Model;
        var report = model.Evaluate(split.Test!);

        report.RSquared.Should().BeGreaterThan(0.99);
        report.MeanAbsoluteError.Should().BeLessThan(0.05);
        report.Accuracy.Should().BeNull();
        result.FinalMetrics.Should().ContainKey("val_loss").And.NotContainKey("accuracy");
    }

    [Fact]
    public void Classification_metrics_match_hand_computed_values()
    {
        // 3 classes, 6 rows; predictions are the argmax of each row.
        float[] scores =
        [
            0.9f, 0.1f, 0.0f,   // true 0, predicted 0
            0.2f, 0.7f, 0.1f,   // true 0, predicted 1
            0.1f, 0.8f, 0.1f,   // true 1, predicted 1
            0.0f, 0.3f, 0.7f,   // true 1, predicted 2
            0.1f, 0.1f, 0.8f,   // true 2, predicted 2
            0.6f, 0.3f, 0.1f,   // true 2, predicted 0
        ];
        var report = Metrics.Classification(scores, [0, 0, 1, 1, 2, 2], ["a", "b", "c"], 0.5);
        report.Accuracy.Should().BeApproximately(3 / 6.0, 1e-12);
        report.ConfusionMatrix.Select(r => r.ToArray()).Should().BeEquivalentTo(new[] { new[] { 1, 1, 0 }, new[] { 0, 1, 1 }, new[] { 1, 0, 1 } }, o => o.WithStrictOrdering());
        report.Classes[1].Precision.Should().BeApproximately(0.5, 1e-12, "b was predicted twice, right once");
        report.Classes[1].Recall.Should().BeApproximately(0.5, 1e-12);
        report.Classes[1].F1.Should().BeApproximately(0.5, 1e-12);
        report.TopFiveAccuracy.Should().Be(1, "with three classes the truth is always in the top five");

        var regression = Metrics.Regression([1, 2, 4], [1, 3, 3], 3, 0);
        regression.MeanAbsoluteError.Should().BeApproximately(2 / 3.0, 1e-12);
        regression.MeanSquaredError.Should().BeApproximately(2 / 3.0, 1e-12);
        regression.RootMeanSquaredError.Should().BeApproximately(Math.Sqrt(2 / 3.0), 1e-12);
        regression.RSquared.Should().BeApproximately(1 - (2 / (8 / 3.0)), 1e-9, "residuals 0, 1, 1 against a total of 8/3 around the mean 7/3");
    }

    private static Task WaitForTerminal(ConcurrentQueue<TrainingEvent> events) =>
        Eventually.WaitUntil(() => events.Any(e => e is TrainingCompleted or TrainingStopped or TrainingFailed), Timeout);

    private sealed class FrozenClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
