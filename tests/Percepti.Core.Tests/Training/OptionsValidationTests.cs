using Percepti.Core.Components;
using Percepti.Core.Data;
using Percepti.Core.Graph;
using Percepti.Core.Preview;
using Percepti.Core.Training;

namespace Percepti.Core.Tests.Training;

/// <summary>Options are checked at every entry point, all bad members at once, before any work.</summary>
public sealed class OptionsValidationTests
{
    private static Dataset Line(int rows = 200)
    {
        var random = new Random(1);
        float[] x = [.. Enumerable.Range(0, rows).Select(_ => (float)random.NextDouble())];
        return Dataset.FromArrays(
            (new DatasetColumn("x", ColumnKind.Numeric, TensorShape.Scalar, ColumnRole.Input), x),
            (new DatasetColumn("y", ColumnKind.Numeric, TensorShape.Scalar, ColumnRole.Target), [.. x.Select(v => (3 * v) + 1)]));
    }

    private static ModelGraph LineModel() => ModelGraph.Create("line", g => g.Regression(g.Input("x", TensorShape.Of(1)).Dense(1), g.Target("y", TensorShape.Of(1))));

    [Fact]
    public void Training_options_out_of_range_are_refused_at_start_listing_every_member_including_nested_records()
    {
        var options = new TrainingOptions
        {
            Epochs = 0,
            CheckpointEveryEpochs = 0,
            Augmentation = new Augmentation { MaxRotationDegrees = 500 },
            Preprocessing = new Dictionary<string, ColumnPreprocessing> { ["x"] = new() { ResizeHeight = 0 } },
            Limits = new GraphLimits { MaxParameters = 0 },
        };

        var act = () => Trainer.Start(LineModel(), Line().Split(train: 0.8, validation: 0.2), options);
        var error = act.Should().Throw<ArgumentException>().Which;
        error.ParamName.Should().Be("options");
        error.Message.Should().Contain("TrainingOptions.Epochs is 0")
            .And.Contain("TrainingOptions.CheckpointEveryEpochs is 0")
            .And.Contain("TrainingOptions.Augmentation.MaxRotationDegrees is 500")
            .And.Contain("TrainingOptions.Preprocessing[x].ResizeHeight is 0")
            .And.Contain("TrainingOptions.Limits.MaxParameters is 0");
        var resume = () => Trainer.Resume(LineModel(), Line().Split(train: 0.8, validation: 0.2), options);
        resume.Should().Throw<ArgumentException>().WithMessage("*CheckpointEveryEpochs*");
    }

    [Fact]
    public void Preview_loader_and_reader_options_are_checked_where_they_are_taken()
    {
        var graph = LineModel();
        var preview = () => new PreviewEngine(graph, PreviewSample.Random(graph), new PreviewOptions { MaxVisualPoints = 1, MaxFeatureMaps = 0 });
        preview.Should().Throw<ArgumentException>().WithMessage("*PreviewOptions.MaxVisualPoints is 1*PreviewOptions.MaxFeatureMaps is 0*");

        var data = Line();
        var loader = () => new DataLoader(data, Preprocessor.Fit(data), new DataLoaderOptions { BatchSize = 0, PrefetchBatches = 100 });
        loader.Should().Throw<ArgumentException>().WithMessage("*DataLoaderOptions.BatchSize is 0*DataLoaderOptions.PrefetchBatches is 100*");

        var csv = () => CsvDataset.Load("unused.csv", new CsvOptions { MaxCategories = 1, ImageChannels = 4 });
        csv.Should().Throw<ArgumentException>().WithMessage("*CsvOptions.MaxCategories is 1*CsvOptions.ImageChannels is 4*");
    }

    [Fact]
    public async Task Early_stopping_follows_an_explicit_direction()
    {
        // val_loss falls epoch after epoch here: watched as "higher is better" it never improves after epoch 1.
        var split = Line().Split(train: 0.8, validation: 0.2, seed: 2);
        var options = new TrainingOptions { Epochs = 10, BatchSize = 16, LearningRate = 0.01, EarlyStoppingMetric = "val_loss", EarlyStoppingPatience = 2, Seed = 1 };

        using var maximize = Trainer.Start(LineModel(), split, options with { EarlyStoppingMode = EarlyStoppingMode.Maximize });
        var stopped = await maximize.Completion.WaitAsync(TimeSpan.FromMinutes(2));
        using var stoppedModel = stopped.Model;
        stopped.StoppedEarly.Should().BeTrue();
        stopped.History.Should().HaveCount(3, "epoch 1 is the best; two epochs without improvement stop the run");

        using var minimize = Trainer.Start(LineModel(), split, options with { EarlyStoppingMode = EarlyStoppingMode.Minimize });
        var full = await minimize.Completion.WaitAsync(TimeSpan.FromMinutes(2));
        using var fullModel = full.Model;
        full.History.Count.Should().BeGreaterThan(3, "a falling loss keeps improving");
    }
}
