using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Percepti.Core.Data;
using Percepti.Core.Export;
using Percepti.Core.Tests.Data;
using Percepti.Core.Tests.Packaging;
using Percepti.Core.Training;
using Xunit.Abstractions;

namespace Percepti.Core.Tests.Training;

/// <summary>Tables end to end: the recommended model, reports and predictions in the target's own units, and the main job.</summary>
public sealed class TableModelTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task A_linear_table_trains_to_r2_099_and_predicts_in_the_targets_own_units()
    {
        using var files = new TestFiles();
        var table = CsvDataset.Load(Tables.Linear(files.Path("linear.csv")));
        var data = ModelRecommender.PrepareTable(table, "y");
        var split = data.Split(train: 0.7, validation: 0.15, test: 0.15, seed: 42);
        var recommendation = ModelRecommender.Recommend(split);
        recommendation.Task.Should().Be(ModelTask.Regression);
        recommendation.Options.Preprocessing["y"].Normalization.Should().Be(NormalizationMode.Standardize, "the target is trained standardized");

        var samples = new ConcurrentQueue<SamplePredictions>();
        using var run = Trainer.Create(recommendation.Graph, split, recommendation.Options);
        using var subscription = run.Events.Subscribe(e => { if (e is SamplePredictions s) samples.Enqueue(s); });
        run.Start();
        var result = await run.Completion.WaitAsync(Timeout);
        using var model = result.Model;
        var report = model.Evaluate(split.Test!);
        output.WriteLine($"linear table: {result.History.Count} epochs; test {report}");

        report.RSquared.Should().BeGreaterThanOrEqualTo(0.99);
        using var predictor = new Predictor(model);
        predictor.TableColumns.Should().Equal("x (cm)", "noise/level");
        var errors = new List<double>();
        double worst = 0;
        foreach (int row in split.TestRows!)
        {
            double x = table.Read(row, "x (cm)")[0];
            var prediction = predictor.PredictRow(new Dictionary<string, object> { ["x (cm)"] = x, ["noise/level"] = table.Read(row, "noise/level")[0] });
            double predicted = prediction.Values[0];
            worst = Math.Max(worst, Math.Abs(predicted - Tables.LinearTruth(x)) / Tables.LinearTruth(x));
            errors.Add(Math.Abs(predicted - table.Read(row, "y")[0]));
        }

        output.WriteLine($"worst relative error of Predict against 150 + 50·x: {worst:P2}");
        worst.Should().BeLessThan(0.02, "predictions come back in the target's units, within 2 % of the truth");
        report.MeanAbsoluteError.Should().BeApproximately(errors.Average(), 1e-3 * errors.Average() + 1e-4, "the report's MAE is in the same units as the predictions");
        result.FinalMetrics["val_mae"].Should().BeLessThan(5, "validation MAE is in y's units (y spans 150 to 650)");

        samples.Should().NotBeEmpty();
        var sample = samples.Last().Samples[0];
        float truth = split.Validation.Read(sample.Row, "y")[0];
        sample.Target![0].Should().BeApproximately(truth, 1e-3f * truth, "telemetry shows the target in its own units");
        sample.Prediction[0].Should().BeApproximately(truth, 0.05f * truth);
    }

    [Fact]
    public async Task Predicting_a_row_by_column_name_encodes_categories_and_names_what_is_missing()
    {
        using var files = new TestFiles();
        var random = new Random(9);
        var lines = Enumerable.Range(0, 240).Select(i => (Size: random.NextDouble() * 3, Colour: new[] { "red", "green", "blue" }[i % 3]))
            .Select(r => FormattableString.Invariant($"{r.Size:R},{r.Colour},{(r.Colour == "red" ? 10 : r.Colour == "green" ? 20 : 30) + r.Size:R}"));
        var table = CsvDataset.Load(files.WriteText("shop.csv", "size,colour,price\n" + string.Join("\n", lines)));
        var split = ModelRecommender.PrepareTable(table, "price").Split(train: 0.8, validation: 0.2, seed: 1);
        var recommendation = ModelRecommender.Recommend(split);
        using var run = Trainer.Start(recommendation.Graph, split, recommendation.Options with { Epochs = 60 });
        var result = await run.Completion.WaitAsync(Timeout);
        using var model = result.Model;
        string path = files.Path("shop.pmodel");
        model.Save(path);
        using var predictor = Predictor.Load(path);

        predictor.TableColumns.Should().Equal("size", "colour");
        float blue = predictor.PredictRow(new Dictionary<string, object> { ["size"] = "1.5", ["colour"] = "blue" }).Values[0];
        float red = predictor.PredictRow(new Dictionary<string, object> { ["size"] = 1.5, ["colour"] = "red" }).Values[0];
        blue.Should().BeApproximately(31.5f, 1.5f);
        red.Should().BeApproximately(11.5f, 1.5f);

        var missing = () => predictor.PredictRow(new Dictionary<string, object> { ["size"] = 1.0 });
        missing.Should().Throw<ArgumentException>().WithMessage("*no value for column 'colour'*");
        var unknown = () => predictor.PredictRow(new Dictionary<string, object> { ["size"] = 1.0, ["colour"] = "pink" });
        unknown.Should().Throw<ArgumentException>().WithMessage("*'colour' has 'pink'*blue, green, red*");
        var notNumber = () => predictor.PredictRow(new Dictionary<string, object> { ["size"] = "big", ["colour"] = "red" });
        notNumber.Should().Throw<ArgumentException>().WithMessage("*'size' needs a number, not 'big'*");
    }

    [Fact]
    public void The_main_job_on_a_60_column_three_class_table_matches_logistic_regression()
    {
        using var files = new TestFiles();
        string csv = Tables.ThreeClasses(files.Path("three.csv"), rows: 1500, features: 60);
        string package = files.Path("three.pmodel");
        string log = Repository.Run(files.Directory, "dotnet", QuickStartDll, "--csv", csv, "--target", "label", "--output", package);
        var match = Regex.Match(log, @"Test set \(225 rows\):\s*\n225 samples, loss [\d.]+, accuracy ([\d.]+) %");
        match.Success.Should().BeTrue(log);
        double accuracy = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) / 100;

        // The same split the job made (same calls, same seed), and a linear baseline on it.
        var data = ModelRecommender.PrepareTable(CsvDataset.Load(csv), "label");
        var split = data.Split(train: 0.7, validation: 0.15, test: 0.15, seed: 42, stratifyBy: "label");
        var (trainX, trainY) = Rows(split.Training);
        var (testX, testY) = Rows(split.Test!);
        double baseline = LogisticRegression.Fit(trainX, trainY, classes: 3).Accuracy(testX, testY);
        output.WriteLine($"main job test accuracy {accuracy:P2}; logistic regression on the same split {baseline:P2}");

        log.Should().Contain("od280/od315 0").And.Contain("od280_od315_0", "the schema shows each column's name and its node id");
        log.Should().Contain("Target 'label' has 3 classes (0, 1, 2)");
        File.Exists(package).Should().BeTrue();
        accuracy.Should().BeGreaterThanOrEqualTo(baseline - 0.02);
    }

    [Fact]
    public async Task An_image_split_gets_a_small_cnn_sized_by_the_image_and_the_classes_and_it_learns()
    {
        var images = FashionMnist.Load(TestFiles.BundledDirectory).Subset([.. Enumerable.Range(0, 600)]);
        var split = ModelRecommender.PrepareTable(images, "label").Split(train: 0.8, validation: 0.2, seed: 1, stratifyBy: "label");
        var recommendation = ModelRecommender.Recommend(split);

        recommendation.Task.Should().Be(ModelTask.Classification);
        recommendation.Graph.Validate().Should().BeEmpty();
        var analysis = recommendation.Graph.Analyze();
        recommendation.Graph.Nodes.Count(n => n.Kind == "Convolution").Should().Be(2, "28×28 is pooled to 14 and 7, below 8 it stops");
        analysis.Nodes[new Percepti.Core.Graph.NodeId("output")].OutputShape.Should().Equal([10], "one score per class");
        recommendation.Options.Preprocessing["image"].Normalization.Should().Be(NormalizationMode.Standardize);
        recommendation.Reasons.Should().Contain(r => r.Contains("2 convolution blocks"));

        using var run = Trainer.Start(recommendation.Graph, split, recommendation.Options with { Epochs = 2 });
        var result = await run.Completion.WaitAsync(Timeout);
        using var model = result.Model;
        output.WriteLine($"recommended CNN on 480 bundled images, 2 epochs: {string.Join(", ", result.FinalMetrics.Select(m => $"{m.Key} {m.Value:F3}"))}");
        result.FinalMetrics["val_accuracy"].Should().BeGreaterThan(0.3, "chance is 0.1");
    }

    /// <summary>The QuickStart the solution builds, in the tests' configuration.</summary>
    private static string QuickStartDll
    {
        get
        {
            string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            string path = Path.Combine(Repository.Root, "samples", "QuickStart", "bin", configuration, "net10.0", "QuickStart.dll");
            File.Exists(path).Should().BeTrue($"the QuickStart sample is built with the tests ({path})");
            return path;
        }
    }

    private static (List<double[]> X, List<int> Y) Rows(Dataset part)
    {
        var x = new List<double[]>();
        var y = new List<int>();
        for (int r = 0; r < part.Count; r++)
        {
            x.Add([.. part.Read(r, "features").Select(v => (double)v)]);
            y.Add(part.ReadClass(r, "label"));
        }

        return (x, y);
    }
}
