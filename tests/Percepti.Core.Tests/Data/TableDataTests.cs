using Percepti.Core.Data;
using Percepti.Core.Graph;

namespace Percepti.Core.Tests.Data;

/// <summary>Tables as users bring them: awkward column names, integer labels, many features on unrelated scales.</summary>
public sealed class TableDataTests
{
    [Fact]
    public void Column_names_that_are_not_node_ids_become_ids_and_keep_their_name_as_label()
    {
        using var files = new TestFiles();
        string path = files.WriteText("wine.csv",
            "od280/od315,alcohol %,température,x_y,x y,class\n" +
            "3.1,13.2,12,1,2,a\n" +
            "2.8,12.9,14,3,4,b\n");
        var dataset = CsvDataset.Load(path);

        var names = dataset.Schema.Columns.Select(c => c.Name).ToList();
        names.Should().Equal("od280_od315", "alcohol", "temp_rature", "x_y", "x_y_2", "class");
        names.Should().OnlyContain(n => NodeId.Check(n) == null);
        dataset.Schema.Columns.Select(c => c.Label).Should().Equal("od280/od315", "alcohol %", "température", "x_y", "x y", "class");
        dataset.Read(1, "od280/od315").Should().Equal(new[] { 2.8f }, "the name in the file still finds the column");
        dataset.Read(1, "od280_od315").Should().Equal(2.8f);

        var renamed = CsvDataset.Load(path, new CsvOptions { ColumnNames = new Dictionary<string, string> { ["od280/od315"] = "od_ratio" }, Roles = new Dictionary<string, ColumnRole> { ["x y"] = ColumnRole.Unused } });
        renamed.Schema["od_ratio"].Label.Should().Be("od280/od315");
        renamed.Schema["x_y_2"].Role.Should().Be(ColumnRole.Unused, "options accept the name in the file");
        var bad = () => CsvDataset.Load(path, new CsvOptions { ColumnNames = new Dictionary<string, string> { ["class"] = "a/b" } });
        bad.Should().Throw<DatasetException>().WithMessage("*'class'*'a/b'*");
    }

    [Fact]
    public void Class_names_that_are_numbers_keep_numeric_order_and_integer_columns_can_be_read_as_classes()
    {
        using var files = new TestFiles();
        string path = files.WriteText("labels.csv", "size,grade,label\n1.5,10,2\n2.5,2,10\n3.5,1,1\n4.5,2,2\n5.5,10,10\n6.5,1,1\n");
        var dataset = CsvDataset.Load(path, new CsvOptions { ColumnKinds = new Dictionary<string, ColumnKind> { ["grade"] = ColumnKind.Categorical } });
        dataset.Schema["grade"].ClassNames.Should().Equal("1", "2", "10");
        dataset.Schema["label"].Kind.Should().Be(ColumnKind.Numeric, "integers stay numbers until asked");

        var classes = dataset.AsCategorical("label");
        classes.Schema["label"].Kind.Should().Be(ColumnKind.Categorical);
        classes.Schema["label"].ClassNames.Should().Equal("1", "2", "10");
        Enumerable.Range(0, 6).Select(r => classes.ReadClass(r, "label")).Should().Equal(1, 2, 0, 1, 2, 0);
        var fractions = () => dataset.AsCategorical("size");
        fractions.Should().Throw<DatasetException>().WithMessage("*'size'*1.5*whole numbers*");
    }

    [Fact]
    public void A_split_can_stratify_by_integer_labels_and_exposes_its_rows()
    {
        var labels = Enumerable.Range(0, 300).Select(i => (float)(i % 3 == 0 ? 0 : i % 3 == 1 ? 1 : 7)).ToArray();
        var values = Enumerable.Range(0, 300).Select(i => (float)i).ToArray();
        var dataset = Dataset.FromArrays(
            (new DatasetColumn("v", ColumnKind.Numeric, TensorShape.Scalar, ColumnRole.Input), values),
            (new DatasetColumn("label", ColumnKind.Numeric, TensorShape.Scalar, ColumnRole.Target), labels));
        var split = dataset.Split(train: 0.7, validation: 0.15, test: 0.15, seed: 3, stratifyBy: "label");

        split.TrainingRows.Should().HaveCount(210);
        split.ValidationRows.Should().HaveCount(45);
        split.TestRows.Should().HaveCount(45);
        split.TrainingRows!.Concat(split.ValidationRows!).Concat(split.TestRows!).Should().BeEquivalentTo(Enumerable.Range(0, 300));
        for (int i = 0; i < split.Training.Count; i++)
        {
            split.Training.Read(i, "v")[0].Should().Be(split.TrainingRows[i], "row i of the part is dataset row TrainingRows[i]");
        }

        split.Test!.Subset([.. Enumerable.Range(0, 45)]).Count.Should().Be(45);
        Enumerable.Range(0, 45).Count(r => split.Test.Read(r, "label")[0] == 7).Should().Be(15, "each class keeps its third");

        var again = DatasetSplit.From(split.Training, split.Validation, split.Test);
        again.Training.Count.Should().Be(210);
        again.TrainingRows.Should().BeNull("parts given as datasets have no rows of a common parent");
        var wrong = Dataset.FromArrays((new DatasetColumn("w", ColumnKind.Numeric, TensorShape.Scalar, ColumnRole.Input), values));
        var mismatch = () => DatasetSplit.From(split.Training, wrong);
        mismatch.Should().Throw<DatasetException>().WithMessage("*validation*no column 'v'*");
    }

    [Fact]
    public void A_feature_vector_packs_numbers_flags_and_one_hot_categories_with_their_names()
    {
        using var files = new TestFiles();
        string path = files.WriteText("cars.csv",
            "power (kW),colour,automatic,note,price\n" +
            "90,red,yes,ok,10\n" +
            "120,blue,no,good,20\n" +
            "150,green,yes,fine,30\n" +
            "75,red,no,meh,9\n");
        var table = CsvDataset.Load(path, new CsvOptions { MaxCategories = 3 });
        var packed = table.ToFeatureVector();

        var features = packed.Schema["features"];
        features.Shape.Should().Equal([5]);
        features.Role.Should().Be(ColumnRole.Input);
        features.FeatureNames.Should().Equal("power (kW)", "colour=blue", "colour=green", "colour=red", "automatic");
        packed.Read(0, "features").Should().Equal(90, 0, 0, 1, 1);
        packed.Read(1, "features").Should().Equal(120, 1, 0, 0, 0);
        packed.Schema["power_kW"].Role.Should().Be(ColumnRole.Unused, "packed columns stay readable but are not fed twice");
        packed.Schema["note"].Role.Should().Be(ColumnRole.Unused);
        packed.Schema["price"].Role.Should().Be(ColumnRole.Target);

        var chosen = table.ToFeatureVector("numbers", ["power (kW)"]);
        chosen.Schema["numbers"].Shape.Should().Equal([1]);
        chosen.Schema["colour"].Role.Should().Be(ColumnRole.Input);
        var text = () => table.ToFeatureVector("v", ["note"]);
        text.Should().Throw<DatasetException>().WithMessage("*'note'*Text*");
        var target = () => table.ToFeatureVector("v", ["price"]);
        target.Should().Throw<DatasetException>().WithMessage("*'price'*target*");
    }

    [Fact]
    public void Vectors_are_standardized_per_feature_on_training_rows_and_the_statistics_survive_json()
    {
        // Feature 0 near 0.5, feature 1 near 1,000, feature 2 constant: one statistic for all would leave feature 0 flat.
        var random = new Random(4);
        int rows = 400;
        var values = new float[rows * 3];
        for (int r = 0; r < rows; r++)
        {
            values[(3 * r) + 0] = 0.5f + (0.01f * (float)(random.NextDouble() - 0.5));
            values[(3 * r) + 1] = 1000f + (100f * (float)(random.NextDouble() - 0.5));
            values[(3 * r) + 2] = 7f;
        }

        var dataset = Dataset.FromArrays((new DatasetColumn("x", ColumnKind.Tensor, TensorShape.Of(3), ColumnRole.Input), values));
        var split = dataset.Split(train: 0.5, validation: 0.5, seed: 1);
        var prep = Preprocessor.Fit(split.Training, new Dictionary<string, ColumnPreprocessing> { ["x"] = new() { Normalization = NormalizationMode.Standardize } });

        prep["x"].Offset.Should().HaveCount(3);
        var output = new float[split.Training.Count * 3];
        for (int r = 0; r < split.Training.Count; r++)
        {
            Preprocessor.Apply(prep["x"], split.Training.Read(r, "x"), output.AsSpan(3 * r, 3));
        }

        for (int f = 0; f < 2; f++)
        {
            var feature = Enumerable.Range(0, split.Training.Count).Select(r => (double)output[(3 * r) + f]).ToList();
            feature.Average().Should().BeApproximately(0, 1e-3, $"feature {f} is centred on its own training mean");
            Math.Sqrt(feature.Average(v => v * v)).Should().BeApproximately(1, 1e-2, $"feature {f} has its own scale");
        }

        Enumerable.Range(0, split.Training.Count).Select(r => output[(3 * r) + 2]).Should().OnlyContain(v => v == 0, "a constant feature is centred, not divided by 0");
        double trainingMean = Enumerable.Range(0, split.Training.Count).Average(r => split.Training.Read(r, "x")[1]);
        prep["x"].Offset[1].Should().BeApproximately(trainingMean, 1e-3, "validation rows do not leak into the statistics");

        var restored = Preprocessor.FromJson(prep.ToJson());
        restored["x"].Offset.Should().Equal(prep["x"].Offset);
        restored["x"].ToOriginalUnits(output.AsSpan(0, 3)).Should().BeEquivalentTo(split.Training.Read(0, "x"), o => o.Using<float>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-3f)).WhenTypeIs<float>());
    }

    [Fact]
    public void Feature_sources_survive_the_preprocessing_json()
    {
        using var files = new TestFiles();
        string path = files.WriteText("t.csv", "a,b,y\n1,u,0.5\n2,v,1.5\n3,w,2.5\n");
        var packed = CsvDataset.Load(path).ToFeatureVector();
        var prep = Preprocessor.Fit(packed);
        var restored = Preprocessor.FromJson(prep.ToJson());
        restored["features"].Features.Should().BeEquivalentTo(prep["features"].Features, o => o.WithStrictOrdering());
        restored["features"].FeatureNames.Should().Equal("a", "b=u", "b=v", "b=w");
        restored["y"].OutputShape.Should().Equal([1], "a numeric scalar reaches the model as (1,)");
        restored["y"].InputShape.Should().BeEmpty("the raw column is a scalar");
    }

    [Fact]
    public void Image_folder_columns_can_be_named()
    {
        using var files = new TestFiles();
        foreach (string label in new[] { "cat", "dog" })
        {
            System.IO.Directory.CreateDirectory(files.Path(label));
            using var bitmap = new SkiaSharp.SKBitmap(4, 4);
            using var image = SkiaSharp.SKImage.FromBitmap(bitmap);
            using var data = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(System.IO.Path.Combine(files.Path(label), "a.png"), data.ToArray());
        }

        var dataset = ImageFolderDataset.Load(files.Directory, new ImageFolderOptions { ImageColumn = "photo", LabelColumn = "animal", Channels = 1 });
        dataset.Schema.Columns.Select(c => c.Name).Should().Equal("photo", "animal");
        dataset.Schema["photo"].Shape.Should().Equal([1, 4, 4]);
        dataset.Schema["animal"].ClassNames.Should().Equal("cat", "dog");
        var bad = () => ImageFolderDataset.Load(files.Directory, new ImageFolderOptions { LabelColumn = "my label" });
        bad.Should().Throw<DatasetException>().WithMessage("*'my label'*");
    }
}
