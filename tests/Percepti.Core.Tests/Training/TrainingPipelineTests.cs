using System.Collections.Concurrent;
using Percepti.Core.Components;
using Percepti.Core.Data;
using Percepti.Core.Graph;
using Percepti.Core.Tests.Data;
using Percepti.Core.Training;
using static TorchSharp.torch;

namespace Percepti.Core.Tests.Training;

/// <summary>
/// The training input pipeline: rows prepared once as tensors must give exactly the batches the streaming loader
/// gives (order, values, augmentation), and reading metrics back in windows must not change a single figure.
/// </summary>
[Collection(nameof(ProcessWideStateTests))]
public sealed class TrainingPipelineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>RGB images, not square (a swapped height and width would show), with a class per row.</summary>
    private static Dataset ColourImages(int rows)
    {
        var random = new Random(5);
        var pixels = new float[rows * 3 * 10 * 12];
        for (int i = 0; i < pixels.Length; i++)
        {
            // Each channel has its own range, so per-channel normalization gives each its own fill value.
            int channel = i / 120 % 3;
            pixels[i] = (float)((random.NextDouble() * (channel + 1) * 80) + (channel * 30));
        }

        return Dataset.FromArrays(
            (new DatasetColumn("image", ColumnKind.Tensor, TensorShape.Of(3, 10, 12), ColumnRole.Input) { IsImage = true }, pixels),
            (new DatasetColumn("label", ColumnKind.Categorical, TensorShape.Scalar, ColumnRole.Target) { ClassNames = ["a", "b", "c"] }, [.. Enumerable.Range(0, rows).Select(r => (float)(r % 3))]));
    }

    [Fact]
    public void Prepared_rows_give_the_streamed_batches_bit_for_bit_with_augmentation()
    {
        var dataset = ColourImages(70);
        var preprocessor = Preprocessor.Fit(dataset, new Dictionary<string, ColumnPreprocessing> { ["image"] = new() { Normalization = NormalizationMode.Standardize } });
        preprocessor.Columns.Single(c => c.Name == "image").Offset.Should().HaveCount(3, "the fill differs per channel only if the statistics do");
        var options = new TrainingOptions
        {
            BatchSize = 16,
            Seed = 11,
            Augmentation = new Augmentation { FlipHorizontal = true, MaxRotationDegrees = 25, CropPadding = 3 },
            PreparedDataBudgetBytes = PreparedRows.SizeInBytes(70, preprocessor),
        };

        using var prepared = TrainingBatches.Create(dataset, preprocessor, options, CPU);
        using var streamed = TrainingBatches.Create(dataset, preprocessor, options with { PreparedDataBudgetBytes = options.PreparedDataBudgetBytes - 1 }, CPU);
        prepared.IsPrepared.Should().BeTrue("the rows fit the budget exactly");
        streamed.IsPrepared.Should().BeFalse("one byte less and they stream");

        foreach (int epoch in new[] { 1, 2 })
        {
            var counts = new List<int>();
            foreach (var (a, b) in prepared.ReadEpoch(epoch).Zip(streamed.ReadEpoch(epoch)))
            {
                counts.Add(a.Count);
                b.Count.Should().Be(a.Count);
                using var scope = NewDisposeScope();
                var left = a.Tensors();
                var right = b.Tensors();
                foreach (var name in new[] { "image", "label" })
                {
                    left[name].shape.Should().Equal(right[name].shape);
                    left[name].dtype.Should().Be(right[name].dtype).And.Be(name == "label" ? ScalarType.Int64 : ScalarType.Float32, "class indices go to the heads as int64");
                    left[name].to(ScalarType.Float64).data<double>().ToArray().Should().Equal(right[name].to(ScalarType.Float64).data<double>().ToArray(), $"epoch {epoch}, column {name}");
                }
            }

            counts.Should().Equal(16, 16, 16, 16, 6);
        }

        using var unaugmented = TrainingBatches.Create(dataset, preprocessor, options with { Augmentation = null }, CPU);
        using (NewDisposeScope())
        {
            foreach (var (plain, augmented) in unaugmented.ReadEpoch(1).Zip(prepared.ReadEpoch(1)))
            {
                plain.Tensors()["image"].data<float>().ToArray().Should().NotEqual(augmented.Tensors()["image"].data<float>().ToArray(), "augmentation changed the images");
            }
        }
    }

    [Fact]
    public void Augmenting_a_batch_fills_uncovered_pixels_with_the_normalized_zero_of_each_channel()
    {
        var dataset = ColourImages(4);
        var preprocessor = Preprocessor.Fit(dataset, new Dictionary<string, ColumnPreprocessing> { ["image"] = new() { Normalization = NormalizationMode.Standardize } });
        var column = preprocessor.Columns.Single(c => c.Name == "image");
        using var scope = NewDisposeScope();
        var images = ones(4, 3, 10, 12);

        // Only a shift: a shifted image has whole rows or columns from outside it.
        var shifted = BatchAugmentation.Apply(images, [0, 1, 2, 3], epoch: 1, seed: 2, new Augmentation { CropPadding = 4 }, column);
        for (int channel = 0; channel < 3; channel++)
        {
            float zero = (float)((0f - column.Offset[channel]) * column.Scale[channel]);
            var values = shifted[.., channel].flatten().data<float>().ToArray();
            values.Should().OnlyContain(v => v == 1f || v == zero);
            values.Should().Contain(zero, $"channel {channel} has pixels from outside the image");
        }
    }

    [Fact]
    public async Task Prepared_and_streamed_training_and_any_metrics_interval_give_the_same_run()
    {
        var split = FashionMnist.Load(TestFiles.BundledDirectory).Subset([.. Enumerable.Range(0, 400)]).Split(train: 0.8, validation: 0.2, seed: 3);
        var options = new TrainingOptions { Epochs = 2, BatchSize = 24, Seed = 7, Augmentation = new Augmentation { FlipHorizontal = true, CropPadding = 2 }, TelemetryEveryBatches = 5 };

        var streamedEveryBatch = await Train(split, options with { PreparedDataBudgetBytes = 0, MetricsEveryBatches = 1 });
        var preparedInWindows = await Train(split, options with { MetricsEveryBatches = 7 });

        preparedInWindows.Batches.Should().HaveCount(2 * 14, "every batch gets its event, whatever the interval");
        preparedInWindows.Batches.Select(b => (b.Epoch, b.Batch)).Should().Equal(streamedEveryBatch.Batches.Select(b => (b.Epoch, b.Batch)), "in order");
        preparedInWindows.Batches.Select(b => (b.Loss, b.Accuracy)).Should().Equal(streamedEveryBatch.Batches.Select(b => (b.Loss, b.Accuracy)));
        preparedInWindows.History.Should().BeEquivalentTo(streamedEveryBatch.History, o => o.WithStrictOrdering());
        preparedInWindows.Weights.Should().BeEquivalentTo(streamedEveryBatch.Weights, o => o.WithStrictOrdering(), "bit for bit the same weights");

        var epochOne = preparedInWindows.Batches.Where(b => b.Epoch == 1).ToList();
        double mean = epochOne.Sum(b => b.Loss * (b.Batch < 14 ? 24 : 320 - (13 * 24))) / 320;
        preparedInWindows.History[0]["loss"].Should().BeApproximately(mean, 1e-9, "the epoch loss is the row-weighted mean of its batches' losses");
    }

    [Fact]
    public async Task Batch_events_published_before_a_pause_cover_every_trained_batch()
    {
        var split = FashionMnist.Load(TestFiles.BundledDirectory).Subset([.. Enumerable.Range(0, 600)]).Split(train: 0.8, validation: 0.2, seed: 3);
        var batches = new ConcurrentQueue<BatchCompleted>();
        int perEpoch = 0;

        // Values are read only at an epoch's end and before the pause (no interval, no layer statistics), so once the
        // last event names the last trained batch, nothing more arrives while the run is paused.
        var options = new TrainingOptions { Epochs = 100, BatchSize = 8, MetricsEveryBatches = 1_000_000, TelemetryEveryBatches = 0, SamplePredictionCount = 0 };
        using var run = Trainer.Create(Mlp(), split, options);
        using var subscription = run.Events.Subscribe(e =>
        {
            if (e is TrainingStarted started)
            {
                Volatile.Write(ref perEpoch, started.BatchesPerEpoch);
            }
            else if (e is BatchCompleted b)
            {
                batches.Enqueue(b);
            }
        });
        run.Start();
        await Eventually.WaitUntil(() => run.Status.Batch >= 3 && Volatile.Read(ref perEpoch) > 0, Timeout);
        run.Pause();
        await Eventually.WaitUntil(() => run.Status.State == TrainingState.Paused, Timeout);

        // Paused at an epoch's start, the last trained batch is the previous epoch's last.
        (int Epoch, int Batch) Trained(TrainingStatus status) => status.Batch == 0 ? (status.Epoch - 1, perEpoch) : (status.Epoch, status.Batch);
        await Eventually.WaitUntil(() => batches.LastOrDefault() is { } last && (last.Epoch, last.Batch) == Trained(run.Status), Timeout);
        var seen = batches.ToArray();
        run.DroppedEvents.Should().Be(0);
        var expected = Enumerable.Range(0, seen.Length).Select(i => (1 + (i / perEpoch), 1 + (i % perEpoch)));
        seen.Select(b => (b.Epoch, b.Batch)).Should().Equal(expected, "one event per batch, in order, although the interval is never reached");
        (await run.StopAsync().WaitAsync(Timeout)).Model.Dispose();
    }

    private static ModelGraph Mlp() => ModelGraph.Create("mlp", g =>
        g.Classification(g.Input("image", TensorShape.Of(1, 28, 28)).Flatten().Dense(16, Activation.ReLU).Dense(10), g.Target("label", classes: 10)));

    private static async Task<(List<BatchCompleted> Batches, IReadOnlyList<IReadOnlyDictionary<string, double>> History, List<double[]> Weights)> Train(DatasetSplit split, TrainingOptions options)
    {
        var events = new ConcurrentQueue<TrainingEvent>();
        using var run = Trainer.Create(SeedGraphs.FashionCnn(), split, options);
        using var subscription = run.Events.Subscribe(events.Enqueue);
        run.Start();
        var result = await run.Completion.WaitAsync(Timeout);
        using var model = result.Model;
        await Eventually.WaitUntil(() => events.Any(e => e is TrainingCompleted), Timeout);
        using var scope = NewDisposeScope();
        var weights = model.Module.state_dict().Values.Select(t => t.to(ScalarType.Float64).contiguous().data<double>().ToArray()).ToList();
        return ([.. events.OfType<BatchCompleted>()], result.History, weights);
    }
}
