using System.Collections.Concurrent;
using Percepti.Core.Components;
using Percepti.Core.Data;
using Percepti.Core.Graph;
using Percepti.Core.Preview;
using Percepti.Core.Tests.Data;
using Percepti.Core.Training;
using static TorchSharp.torch;

namespace Percepti.Core.Tests.Training;

/// <summary>
/// Every component's visual of a fixed sample, streamed while the model trains: what it shows, when it comes, and
/// that it changes nothing about the run (BatchNorm statistics, dropout streams, weights, history).
/// </summary>
[Collection(nameof(ProcessWideStateTests))]
public sealed class ComponentVisualsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>A small CNN with BatchNorm and Dropout: the two components an inspection pass could disturb.</summary>
    private static ModelGraph Graph() => ModelGraph.Create("inspected", g =>
    {
        var logits = g.Input("image", TensorShape.Of(1, 28, 28))
            .Conv2D(8, kernel: 3, activation: Activation.ReLU)
            .BatchNorm()
            .MaxPool2D(2)
            .Flatten()
            .Dropout(0.3)
            .Dense(10);
        g.Classification(logits, g.Target("label", classes: 10));
    });

    private static DatasetSplit Split() =>
        FashionMnist.Load(TestFiles.BundledDirectory).Subset([.. Enumerable.Range(0, 240)]).Split(train: 0.8, validation: 0.2, seed: 3);

    private static (TrainingResult Result, List<TrainingEvent> Events) Run(TrainingOptions options)
    {
        var events = new ConcurrentQueue<TrainingEvent>();
        using var delivered = new ManualResetEventSlim();
        using var run = Trainer.Create(Graph(), Split(), options);
        using var subscription = run.Events.Subscribe(events.Enqueue, delivered.Set);
        run.Start();
        var result = run.Completion.WaitAsync(Timeout).GetAwaiter().GetResult();
        delivered.Wait(Timeout).Should().BeTrue();
        return (result, [.. events]);
    }

    [Fact]
    public void A_run_with_visuals_after_every_batch_ends_bit_for_bit_as_one_without()
    {
        var options = new TrainingOptions { Epochs = 2, BatchSize = 16, Seed = 5, Optimizer = OptimizerKind.Sgd, VisualsMinimumInterval = TimeSpan.Zero };

        var (watched, events) = Run(options with { VisualsEveryBatches = 1 });
        var (plain, quiet) = Run(options with { VisualsEveryBatches = 0 });
        using var watchedModel = watched.Model;
        using var plainModel = plain.Model;

        events.OfType<ComponentVisuals>().Should().HaveCount((2 * 12) + 2, "one after each of the 12 batches of each epoch and one at each epoch's end");
        quiet.OfType<ComponentVisuals>().Should().BeEmpty();
        watched.History.Should().BeEquivalentTo(plain.History, o => o.WithStrictOrdering());
        var expected = plainModel.Module.state_dict();
        foreach (var (name, tensor) in watchedModel.Module.state_dict())
        {
            // Weights and buffers alike: BatchNorm's running statistics and its batch count included.
            tensor.contiguous().bytes.ToArray().Should().Equal(expected[name].contiguous().bytes.ToArray(), name);
        }
    }

    [Fact]
    public void Visuals_show_every_component_on_the_chosen_row_and_the_epoch_end_adds_where_the_gradient_goes()
    {
        var (result, events) = Run(new TrainingOptions { Epochs = 2, BatchSize = 16, Seed = 2, VisualsEveryBatches = 5, VisualsMinimumInterval = TimeSpan.Zero, VisualsSampleRow = 3 });
        using var model = result.Model;
        var visuals = events.OfType<ComponentVisuals>().ToList();
        var graph = Graph();

        visuals.Where(v => v.GradientMagnitudes is null).Select(v => (v.Epoch, v.Batch)).Should().Equal((1, 5), (1, 10), (2, 5), (2, 10));
        visuals.Should().OnlyContain(v => v.SampleId == "train[3]");
        var ends = visuals.Where(v => v.GradientMagnitudes is not null).ToList();
        ends.Select(v => (v.Epoch, v.Batch)).Should().Equal((1, 12), (2, 12));
        foreach (var end in ends)
        {
            end.Components.Select(c => c.NodeId).Should().Equal(graph.Analyze().TopologicalOrder, "every component, in graph order");
            end.Components.Should().OnlyContain(c => c.Status == PreviewStatus.UpToDate && c.Visual != null && c.Statistics != null && c.Visual.Values.Length <= new PreviewOptions().MaxVisualPoints);
            end.GradientMagnitudes!.Keys.Should().BeEquivalentTo(new[] { "conv2d_1", "batch_norm_1", "max_pool2d_1", "flatten_1", "dropout_1", "dense_1" }.Select(n => new NodeId(n)));
            end.GradientMagnitudes.Values.Should().OnlyContain(g => g > 0 && double.IsFinite(g));
        }

        // The input is the row the model receives, and the feature maps move as the weights train.
        var input = ends[0].Components.Single(c => c.NodeId.Value == "image");
        input.Statistics!.Count.Should().Be(784);
        var training = Split().Training;
        training.ToPreviewSample(graph, 3, Preprocessor.Fit(training)).TryGetValue(graph[new NodeId("image")], out var row).Should().BeTrue();
        input.Statistics.Should().Be(TensorStatistics.Of(row!.Data.ToArray()), "the preprocessed row 3, as previews show it");
        var first = ends[0].Components.Single(c => c.NodeId.Value == "conv2d_1").Visual!.Values;
        var last = ends[1].Components.Single(c => c.NodeId.Value == "conv2d_1").Visual!.Values;
        first.ToArray().Should().NotEqual(last.ToArray(), "a convolution's feature maps change between epochs");
        visuals.Single(v => v.Epoch == 1 && v.Batch == 12).Time.Should().BeOnOrBefore(events.OfType<EpochCompleted>().First().Time, "the epoch's visuals come before its EpochCompleted");
    }

    [Fact]
    public void The_minimum_interval_holds_back_visuals_within_an_epoch_but_never_those_at_its_end()
    {
        var (result, events) = Run(new TrainingOptions { Epochs = 2, BatchSize = 16, VisualsEveryBatches = 1, VisualsMinimumInterval = TimeSpan.FromHours(1) });
        result.Model.Dispose();

        events.OfType<ComponentVisuals>().Select(v => (v.Epoch, v.Batch, v.GradientMagnitudes is null)).Should().Equal((1, 1, true), (1, 12, false), (2, 12, false));
    }

    [Fact]
    public void A_sample_row_outside_the_training_rows_or_a_negative_interval_is_refused_before_anything_starts()
    {
        var split = Split();

        ((Action)(() => Trainer.Create(Graph(), split, new TrainingOptions { VisualsSampleRow = split.Training.Count }).Dispose()))
            .Should().Throw<ArgumentException>().WithMessage("*VisualsSampleRow 192 is not a row of the 192 training rows*");
        ((Action)(() => Trainer.Create(Graph(), split, new TrainingOptions { VisualsMinimumInterval = TimeSpan.FromSeconds(-1) }).Dispose()))
            .Should().Throw<ArgumentException>().WithMessage("*VisualsMinimumInterval must not be negative*");
        Trainer.Create(Graph(), split, new TrainingOptions { VisualsSampleRow = split.Training.Count, VisualsEveryBatches = 0 }).Dispose();
    }
}
