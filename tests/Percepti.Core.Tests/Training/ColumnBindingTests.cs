using Percepti.Core.Components;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Data;
using Percepti.Core.Export;
using Percepti.Core.Graph;
using Percepti.Core.Tests.Data;
using Percepti.Core.Training;
using static TorchSharp.torch;

namespace Percepti.Core.Tests.Training;

/// <summary>Inputs and targets are checked against their columns before any work; scalar columns bind as (1,).</summary>
public sealed class ColumnBindingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private static ModelGraph OneFeatureRegression() => ModelGraph.Create("line", g =>
        g.Regression(g.Input("x", TensorShape.Of(1)).Dense(1, name: "prediction"), g.Target("y", TensorShape.Of(1))));

    [Fact]
    public async Task A_scalar_csv_column_feeds_one_value_inputs_and_targets_and_regression_learns_the_line()
    {
        using var files = new TestFiles();
        var random = new Random(3);
        var lines = Enumerable.Range(0, 300).Select(_ => random.NextDouble() * 4 - 2).Select(x => FormattableString.Invariant($"{x:R},{(3 * x) + 1 + (0.01 * (random.NextDouble() - 0.5)):R}"));
        var dataset = CsvDataset.Load(files.WriteText("line.csv", "x,y\n" + string.Join("\n", lines)));
        dataset.Schema["y"].Shape.Should().BeEmpty();
        dataset.Schema["y"].ModelShape.Should().Equal([1]);
        var split = dataset.Split(train: 0.8, validation: 0.1, test: 0.1, seed: 1);

        using var run = Trainer.Start(OneFeatureRegression(), split, new TrainingOptions { Epochs = 40, BatchSize = 16, LearningRate = 0.05, Seed = 1 });
        var result = await run.Completion.WaitAsync(Timeout);
        using var model = result.Model;
        var report = model.Evaluate(split.Test!);

        report.RSquared.Should().BeGreaterThan(0.99, "each prediction is compared with its own target, not broadcast against every target");
        report.MeanAbsoluteError.Should().BeLessThan(0.05);
    }

    [Fact]
    public void A_target_that_does_not_fit_its_column_is_refused_before_training_with_node_column_and_shapes()
    {
        // A 0/1 flag reads as a class index (shape ()); a regression Target of (1,) would be broadcast against it.
        var dataset = Dataset.FromArrays(
            (new DatasetColumn("x", ColumnKind.Tensor, TensorShape.Of(2), ColumnRole.Input), new float[20]),
            (new DatasetColumn("flag", ColumnKind.Binary, TensorShape.Scalar, ColumnRole.Target) { ClassNames = ["no", "yes"] }, new float[10]));
        var split = dataset.Split(train: 0.8, validation: 0.2, seed: 1);
        var graph = ModelGraph.Create("wrong", g => g.Regression(g.Input("x", TensorShape.Of(3)).Dense(1), g.Target("flag", TensorShape.Of(1))));

        var act = () => Trainer.Start(graph, split, new TrainingOptions { Epochs = 1 });
        var problems = act.Should().Throw<ColumnBindingException>().Which.Problems;

        problems.Should().HaveCount(2, "every component that does not fit is named at once");
        problems.Should().ContainEquivalentOf(new { Node = new NodeId("x"), Column = "x", Expected = TensorShape.Of(3), Actual = TensorShape.Of(2) });
        problems.Should().ContainEquivalentOf(new { Node = new NodeId("flag"), Column = "flag", Expected = TensorShape.Of(1), Actual = TensorShape.Scalar });
        problems.Single(p => p.Node == new NodeId("flag")).Message.Should().Contain("Target 'flag' expects (1,)").And.Contain("delivers ()").And.Contain("OneHot");

        var resume = () => Trainer.Resume(graph, split, new TrainingOptions { CheckpointDirectory = Path.GetTempPath() });
        resume.Should().Throw<ColumnBindingException>();
    }

    [Fact]
    public void Classification_on_a_numeric_column_says_which_option_to_set_and_unused_columns_say_how_to_use_them()
    {
        var dataset = Dataset.FromArrays(
            (new DatasetColumn("x", ColumnKind.Tensor, TensorShape.Of(2), ColumnRole.Input), new float[40]),
            (new DatasetColumn("digit", ColumnKind.Numeric, TensorShape.Scalar, ColumnRole.Target), [.. Enumerable.Range(0, 20).Select(i => (float)(i % 3))]),
            (new DatasetColumn("extra", ColumnKind.Numeric, TensorShape.Scalar, ColumnRole.Unused), new float[20]));
        var split = dataset.Split(train: 0.8, validation: 0.2, seed: 1);
        var graph = ModelGraph.Create("classes", g => g.Classification(g.Input("x", TensorShape.Of(2)).Dense(3), g.Target("digit", classes: 3)));

        var act = () => Trainer.Start(graph, split);
        act.Should().Throw<ColumnBindingException>().WithMessage("*Target 'digit' expects 3 classes*Numeric*AsCategorical(\"digit\")*");

        var fixedSplit = dataset.AsCategorical("digit").Split(train: 0.8, validation: 0.2, seed: 1);
        using var run = Trainer.Start(graph, fixedSplit, new TrainingOptions { Epochs = 1 });

        var unused = ModelGraph.Create("unused", g => g.Regression(g.Input("extra", TensorShape.Of(1)).Dense(1), g.Target("digit", TensorShape.Of(1))));
        var refused = () => Trainer.Start(unused, split);
        refused.Should().Throw<ColumnBindingException>().WithMessage("*'extra'*Unused*WithRole(\"extra\", ColumnRole.Input)*");
    }

    [Fact]
    public async Task Evaluation_previews_and_data_rows_are_checked_against_the_graph_too()
    {
        var random = new Random(2);
        float[] x = [.. Enumerable.Range(0, 100).Select(_ => (float)random.NextDouble())];
        var dataset = Dataset.FromArrays(
            (new DatasetColumn("x", ColumnKind.Numeric, TensorShape.Scalar, ColumnRole.Input), x),
            (new DatasetColumn("y", ColumnKind.Numeric, TensorShape.Scalar, ColumnRole.Target), [.. x.Select(v => (2 * v) + 1)]));
        var split = dataset.Split(train: 0.8, validation: 0.2, seed: 1);
        using var run = Trainer.Start(OneFeatureRegression(), split, new TrainingOptions { Epochs = 1 });
        var result = await run.Completion.WaitAsync(Timeout);
        using var model = result.Model;

        var other = Dataset.FromArrays(
            (new DatasetColumn("x", ColumnKind.Tensor, TensorShape.Of(2), ColumnRole.Input), new float[20]),
            (new DatasetColumn("y", ColumnKind.Numeric, TensorShape.Scalar, ColumnRole.Target), new float[10]));
        var evaluate = () => model.Evaluate(other);
        evaluate.Should().Throw<ColumnBindingException>().Which.Problems.Should().ContainSingle(p => p.Node == new NodeId("x") && p.Actual == TensorShape.Of(2) && p.Expected == TensorShape.Scalar);

        var sample = dataset.ToPreviewSample(OneFeatureRegression(), row: 3);
        sample.TryGetValue(OneFeatureRegression()[new NodeId("x")], out var value).Should().BeTrue();
        value!.Shape.Should().Equal([1]);
        value.Data.ToArray().Should().Equal(x[3]);
        var standardized = dataset.ToPreviewSample(OneFeatureRegression(), row: 3, model.Preprocessing);
        standardized.Names.Should().BeEquivalentTo(["x", "y"]);

        var wide = ModelGraph.Create("wide", g => g.Regression(g.Input("x", TensorShape.Of(4)).Dense(1), g.Target("y", TensorShape.Of(1))));
        var preview = () => dataset.ToPreviewSample(wide);
        preview.Should().Throw<ColumnBindingException>().WithMessage("*Input 'x' expects (4,)*delivers (1,)*");
    }

    [Fact]
    public void The_regression_head_refuses_a_prediction_and_target_of_different_shapes_instead_of_broadcasting()
    {
        var kind = ComponentCatalog.Default.Get("Regression");
        using var scope = NewDisposeScope();
        using var module = kind.Build(new RegressionSettings(RegressionLoss.MeanSquaredError, 1), [TensorShape.Of(1), TensorShape.Of(1)]);
        var act = () => module.call([ones(4, 1), ones(4)]);
        act.Should().Throw<ArgumentException>().WithMessage("*same shape*[4, 1]*[4]*");
        module.call([ones(4, 1), ones(4, 1)]).item<float>().Should().Be(0);
    }
}
