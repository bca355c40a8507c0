using Percepti.Core.Data;
using Percepti.Core.Graph;

namespace Percepti.Core.Tests.Data;

public sealed class SplitAndLoaderTests
{
    private static readonly Lazy<Dataset> Bundled = new(() => FashionMnist.Load(TestFiles.BundledDirectory));

    [Fact]
    public void Splits_are_reproducible_disjoint_and_complete()
    {
        var dataset = Bundled.Value;
        var a = dataset.Split(train: 0.7, validation: 0.2, test: 0.1, seed: 42);
        var b = dataset.Split(train: 0.7, validation: 0.2, test: 0.1, seed: 42);
        var c = dataset.Split(train: 0.7, validation: 0.2, test: 0.1, seed: 43);

        Rows(a.Training).Should().Equal(Rows(b.Training));
        Rows(a.Validation).Should().Equal(Rows(b.Validation));
        Rows(a.Training).Should().NotEqual(Rows(c.Training));
        a.Training.Count.Should().Be(4200);
        a.Validation.Count.Should().Be(1200);
        a.Test!.Count.Should().Be(600);
        var all = Rows(a.Training).Concat(Rows(a.Validation)).Concat(Rows(a.Test)).ToList();
        all.Should().OnlyHaveUniqueItems("no row leaks between parts");
        all.Should().HaveCount(6000);
    }

    [Fact]
    public void Stratified_splits_keep_class_proportions()
    {
        var dataset = Bundled.Value;
        var split = dataset.Split(train: 0.9, validation: 0.1, seed: 1, stratifyBy: "label");
        var counts = Enumerable.Range(0, split.Validation.Count).GroupBy(r => split.Validation.ReadClass(r, "label")).ToDictionary(g => g.Key, g => g.Count());
        var totals = Enumerable.Range(0, dataset.Count).GroupBy(r => dataset.ReadClass(r, "label")).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (label, total) in totals)
        {
            counts[label].Should().BeCloseTo((int)Math.Round(total * 0.1), 1, $"class {label}");
        }
    }

    [Theory]
    [InlineData(90, 3, 0.7, 0.15, 0.15)]   // 30 per class: 21 + 4.5 + 4.5 once lost a row per class
    [InlineData(10, 2, 0.7, 0.15, 0.15)]
    [InlineData(7, 1, 0.34, 0.33, 0.33)]
    [InlineData(1001, 7, 0.8, 0.1, 0.1)]
    public void Fractions_that_add_up_to_one_use_every_row_stratified_or_not(int rows, int classes, double train, double validation, double test)
    {
        var table = InMemoryTable(rows, classes);
        foreach (string? stratify in new[] { null, "y" })
        {
            var split = table.Split(train, validation, test, seed: 5, stratifyBy: stratify);

            var used = split.TrainingRows!.Concat(split.ValidationRows!).Concat(split.TestRows!).ToList();
            used.Should().OnlyHaveUniqueItems().And.HaveCount(rows, $"every row is used once (stratified by {stratify ?? "nothing"})");
            split.TestRows!.Count.Should().BeCloseTo((int)Math.Round(test * rows), (uint)classes, "each part stays within a row per class of its share");
        }
    }

    [Fact]
    public void Shares_are_apportioned_by_largest_remainder()
    {
        DatasetSplit.Apportion([0.7, 0.15, 0.15], 30).Should().Equal(21, 5, 4);
        DatasetSplit.Apportion([0.5, 0.5, 0], 3).Should().Equal(2, 1, 0);
        DatasetSplit.Apportion([0.6, 0.2, 0], 10).Should().Equal([6, 2, 0], "fractions below 1 leave the rest unused");
        DatasetSplit.Apportion([0.25, 0.25, 0], 3).Should().Equal([1, 1, 0], "1.5 rows rounds up to two in all");
    }

    /// <summary>Rows with one feature and a class column <c>y</c> cycling through the classes.</summary>
    private static Dataset InMemoryTable(int rows, int classes)
    {
        string csv = "x,y\n" + string.Concat(Enumerable.Range(0, rows).Select(r => $"{r},{r % classes}\n"));
        using var files = new TestFiles();
        string path = files.Path("table.csv");
        File.WriteAllText(path, csv);
        return CsvDataset.Load(path).AsCategorical("y");
    }

    [Fact]
    public void Counts_and_a_separate_test_set_are_supported()
    {
        var split = Bundled.Value.SplitCounts(train: 500, validation: 100, seed: 3).WithTest(FashionMnist.Load(TestFiles.BundledDirectory, test: true));
        split.Training.Count.Should().Be(500);
        split.Validation.Count.Should().Be(100);
        split.Test!.Count.Should().Be(1000);
    }

    [Theory]
    [InlineData(0.999, 0.001, 0.0, "validation part empty")]
    [InlineData(0.7, 0.5, 0.0, "add up to")]
    [InlineData(-0.1, 0.5, 0.0, "between 0 and 1")]
    [InlineData(0.0, 1.0, 0.0, "no training rows")]
    public void A_split_that_leaves_a_part_empty_or_is_impossible_is_refused(double train, double validation, double test, string problem)
    {
        var small = Dataset.FromArrays((new DatasetColumn("x", ColumnKind.Numeric, TensorShape.Scalar, ColumnRole.Input), [1, 2, 3, 4, 5]));
        var act = () => small.Split(train, validation, test);
        act.Should().Throw<DatasetException>().WithMessage($"*{problem}*");
    }

    [Fact]
    public void Normalization_statistics_come_from_the_training_split_only()
    {
        // Training rows hold 0..9, validation rows hold 1000..1009: any leak would move the mean.
        var values = Enumerable.Range(0, 10).Select(i => (float)i).Concat(Enumerable.Range(1000, 10).Select(i => (float)i)).ToArray();
        var dataset = Dataset.FromArrays((new DatasetColumn("x", ColumnKind.Numeric, TensorShape.Scalar, ColumnRole.Input), values));
        var training = dataset.Subset([.. Enumerable.Range(0, 10)]);
        var preprocessor = Preprocessor.Fit(training, new Dictionary<string, ColumnPreprocessing> { ["x"] = new() { Normalization = NormalizationMode.Standardize } });

        preprocessor["x"].Offset.Should().Equal(4.5);
        preprocessor["x"].Scale[0].Should().BeApproximately(1 / Math.Sqrt(8.25), 1e-9);
    }

    [Fact]
    public void Image_preprocessing_converts_resizes_normalizes_per_channel_and_round_trips_as_json()
    {
        var split = Bundled.Value.SplitCounts(train: 300, validation: 50, seed: 0);
        var settings = new Dictionary<string, ColumnPreprocessing>
        {
            ["image"] = new() { Color = ColorMode.Rgb, ResizeHeight = 32, ResizeWidth = 32, Normalization = NormalizationMode.Standardize },
            ["label"] = new() { OneHot = true },
        };
        var preprocessor = Preprocessor.Fit(split.Training, settings);
        preprocessor["image"].OutputShape.Should().Equal(3, 32, 32);
        preprocessor["image"].Offset.Should().HaveCount(3);
        preprocessor["label"].OutputShape.Should().Equal(10);

        var loader = new DataLoader(split.Training, preprocessor, new DataLoaderOptions { BatchSize = 300, Shuffle = false });
        var batch = loader.ReadEpoch(0).Single();
        var pixels = batch.Columns["image"].Values.ToArray();
        pixels.Average().Should().BeApproximately(0f, 1e-3f, "standardized on these very rows");
        int first = split.Training.ReadClass(0, "label");
        batch.Columns["label"].Values.ToArray().Take(10).Should().Equal(Enumerable.Range(0, 10).Select(i => i == first ? 1f : 0f), "labels are one-hot");

        var restored = Preprocessor.FromJson(preprocessor.ToJson());
        restored.Columns.Should().BeEquivalentTo(preprocessor.Columns);
        var again = new DataLoader(split.Training, restored, new DataLoaderOptions { BatchSize = 300, Shuffle = false }).ReadEpoch(0).Single();
        again.Columns["image"].Values.ToArray().Should().Equal(pixels);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"Version\": 2, \"Columns\": []}")]
    [InlineData("{\"Version\": 1, \"Columns\": [{\"Name\": \"x\", \"Kind\": \"Nope\"}]}")]
    [InlineData("{\"Version\": 1, \"Columns\": [{\"Name\": \"x\", \"Kind\": \"Numeric\", \"Role\": \"Input\", \"InputShape\": [], \"OutputShape\": [], \"Normalization\": \"None\", \"Color\": \"Keep\", \"Offset\": [1], \"Scale\": []}]}")]
    public void Corrupt_preprocessing_json_is_a_typed_error(string json)
    {
        var act = () => Preprocessor.FromJson(json);
        act.Should().Throw<DatasetException>();
    }

    [Fact]
    public void Batches_cover_every_row_once_per_epoch_with_a_last_partial_batch_and_a_seeded_shuffle()
    {
        var dataset = Bundled.Value.Subset([.. Enumerable.Range(0, 100)]);
        var preprocessor = Preprocessor.Fit(dataset);
        var loader = new DataLoader(dataset, preprocessor, new DataLoaderOptions { BatchSize = 32, Seed = 5 });

        var epoch0 = loader.ReadEpoch(0).ToList();
        epoch0.Select(b => b.Count).Should().Equal(32, 32, 32, 4);
        epoch0.SelectMany(b => b.Rows).Should().BeEquivalentTo(Enumerable.Range(0, 100));
        loader.ReadEpoch(0).SelectMany(b => b.Rows).Should().Equal(epoch0.SelectMany(b => b.Rows), "same seed and epoch, same order");
        loader.ReadEpoch(1).SelectMany(b => b.Rows).Should().NotEqual(epoch0.SelectMany(b => b.Rows), "each epoch reshuffles");
        new DataLoader(dataset, preprocessor, new DataLoaderOptions { BatchSize = 32, DropLast = true }).ReadEpoch(0).Should().HaveCount(3);

        var row7 = epoch0.SelectMany(b => b.Rows.Select((row, i) => (row, b, i))).Single(x => x.row == 7);
        row7.b.Columns["image"].Values.Slice(row7.i * 784, 784).ToArray().Should().Equal(dataset.Read(7, "image"));
    }

    [Fact]
    public void Augmentation_changes_training_batches_reproducibly_and_nothing_without_it()
    {
        var dataset = Bundled.Value.Subset([.. Enumerable.Range(0, 64)]);
        var preprocessor = Preprocessor.Fit(dataset);
        var augmentation = new Augmentation { FlipHorizontal = true, MaxRotationDegrees = 15, CropPadding = 2 };
        var plain = new DataLoader(dataset, preprocessor, new DataLoaderOptions { BatchSize = 64, Shuffle = false }).ReadEpoch(0).Single();
        var augmented = new DataLoader(dataset, preprocessor, new DataLoaderOptions { BatchSize = 64, Shuffle = false, Augmentation = augmentation, Seed = 9 });
        var first = augmented.ReadEpoch(0).Single();
        var repeat = augmented.ReadEpoch(0).Single();
        var nextEpoch = augmented.ReadEpoch(1).Single();

        first.Columns["image"].Values.ToArray().Should().NotEqual(plain.Columns["image"].Values.ToArray());
        repeat.Columns["image"].Values.ToArray().Should().Equal(first.Columns["image"].Values.ToArray(), "augmentation is seeded");
        nextEpoch.Columns["image"].Values.ToArray().Should().NotEqual(first.Columns["image"].Values.ToArray());
        first.Columns["label"].Values.ToArray().Should().Equal(plain.Columns["label"].Values.ToArray(), "labels are never augmented");
    }

    [Fact]
    public void Stopping_early_releases_the_prefetching_thread_and_errors_name_the_row()
    {
        var dataset = Bundled.Value.Subset([.. Enumerable.Range(0, 200)]);
        var loader = new DataLoader(dataset, Preprocessor.Fit(dataset), new DataLoaderOptions { BatchSize = 10, PrefetchBatches = 2 });
        loader.ReadEpoch(0).Take(2).Should().HaveCount(2);

        var bad = Dataset.FromArrays(
            (new DatasetColumn("x", ColumnKind.Numeric, TensorShape.Scalar, ColumnRole.Input), [1, 2, 3]),
            (new DatasetColumn("y", ColumnKind.Categorical, TensorShape.Scalar, ColumnRole.Target) { ClassNames = ["a", "b"] }, [0, 1, 5]));
        var oneHot = Preprocessor.Fit(bad, new Dictionary<string, ColumnPreprocessing> { ["y"] = new() { OneHot = true } });
        var act = () => new DataLoader(bad, oneHot, new DataLoaderOptions { BatchSize = 3, Shuffle = false }).ReadEpoch(0).ToList();
        act.Should().Throw<DatasetException>().WithMessage("*class index 5*");
    }

    [Fact]
    public void The_first_training_row_becomes_the_preview_sample()
    {
        var split = Bundled.Value.Split(train: 0.8, validation: 0.2, seed: 42);
        var sample = split.Training.ToPreviewSample();
        sample.Names.Should().BeEquivalentTo("image", "label");
        var graph = SeedGraphs.FashionCnn();
        sample.TryGetValue(graph["image"], out var image).Should().BeTrue();
        image!.Shape.Should().Equal(1, 28, 28);
        image.Data.ToArray().Should().Equal(split.Training.Read(0, "image"));
    }

    private static List<int> Rows(Dataset? part) => [.. ((SubsetDataset)part!).Rows];
}
