using Percepti.Core.Components;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Export;
using Percepti.Core.Graph;
using Percepti.Core.Tests.Components;
using Percepti.Core.Training;
using static TorchSharp.torch;

namespace Percepti.Core.Tests.Export;

public sealed class OnnxExportTests : IClassFixture<ModelPackageTests.TrainedFixture>
{
    private const double Tolerance = 1e-4;
    private readonly ModelPackageTests.TrainedFixture _fixture;

    public OnnxExportTests(ModelPackageTests.TrainedFixture fixture) => _fixture = fixture;

    [Theory]
    [MemberData(nameof(ComponentCases.Layers), MemberType = typeof(ComponentCases))]
    public void Every_component_gives_the_same_output_in_onnx_runtime(string name, string kind, ComponentSettings settings, TensorShape[] inputs, bool integerInputs)
    {
        var graph = ComponentCases.SingleComponent(kind, settings, inputs);
        using var module = GraphModule.Compile(graph, seed: 3);
        RunningStatistics.Randomize(module);
        module.eval();
        byte[] onnx = OnnxExporter.ToBytes(module, new OnnxExportOptions { Outputs = ["component"] });

        // Two batch sizes through one model: the batch is a dynamic dimension.
        foreach (int batch in new[] { 3, 1 })
        {
            using var scope = NewDisposeScope();
            manual_seed(11 + batch);
            var values = inputs.Select((shape, i) => (Name: $"in{i}", Value: integerInputs
                ? randint(0, 5, shape.ToInt64Array(batch)).to(ScalarType.Float32)
                : kind == "Merge" && settings is MergeSettings { Operation: MergeOperation.Divide } ? rand(shape.ToInt64Array(batch)) + 0.5 : randn(shape.ToInt64Array(batch)))).ToList();
            using var noGrad = no_grad();
            var expected = module.Run(values.ToDictionary(v => v.Name, v => v.Value))[new NodeId("component")];

            var actual = OnnxRuntimeRunner.Run(onnx, values.ToDictionary(v => v.Name, v => (v.Value.data<float>().ToArray(), v.Value.shape)))["component"];

            ShouldBeClose(actual, expected.contiguous().data<float>().ToArray(), $"{name}, batch {batch}");
        }
    }

    [Fact]
    public void The_seed_cnn_gives_the_same_class_scores_and_probabilities()
    {
        using var module = GraphModule.Compile(SeedGraphs.FashionCnn(), seed: 5);
        module.eval();
        byte[] onnx = OnnxExporter.ToBytes(module);
        var signature = OnnxRuntimeRunner.Signature(onnx);
        signature.Inputs.Should().Equal("image");
        signature.InputShapes[0].Should().Equal(-1, 1, 28, 28);
        signature.Outputs.Should().Equal("dense_2", "dense_2.probabilities");

        using var scope = NewDisposeScope();
        manual_seed(1);
        var image = rand(4, 1, 28, 28);
        using var noGrad = no_grad();
        var logits = module.Run(new Dictionary<string, Tensor> { ["image"] = image })[new NodeId("dense_2")];
        var outputs = OnnxRuntimeRunner.Run(onnx, new Dictionary<string, (float[], long[])> { ["image"] = (image.data<float>().ToArray(), image.shape) });

        ShouldBeClose(outputs["dense_2"], logits.data<float>().ToArray(), "logits");
        ShouldBeClose(outputs["dense_2.probabilities"], logits.softmax(1).data<float>().ToArray(), "probabilities");
    }

    [Fact]
    public void A_trained_model_takes_raw_inputs_and_matches_the_predictor()
    {
        using var files = new Data.TestFiles();
        string path = files.Path("mlp.onnx");
        _fixture.Model.ExportOnnx(path);
        Directory.GetFiles(files.Directory).Should().ContainSingle("the file is written atomically");
        byte[] onnx = File.ReadAllBytes(path);

        var predictor = new Predictor(_fixture.Model);
        var rows = Enumerable.Range(0, 8).Select(r => _fixture.Test.Read(r, "image")).ToList();
        var expected = predictor.PredictBatch([.. rows.Select(r => (IReadOnlyDictionary<string, float[]>)new Dictionary<string, float[]> { ["image"] = r })]);
        var outputs = OnnxRuntimeRunner.Run(onnx, new Dictionary<string, (float[], long[])> { ["image"] = ([.. rows.SelectMany(r => r)], [rows.Count, 1, 28, 28]) });

        ShouldBeClose(outputs["dense_2"], [.. expected.SelectMany(p => p.Values)], "class scores from raw pixels");
        ShouldBeClose(outputs["dense_2.probabilities"], [.. expected.SelectMany(p => p.Probabilities.Select(c => c.Probability))], "probabilities");

        var metadata = OnnxRuntimeRunner.Metadata(onnx);
        metadata["percepti.input.image"].Should().Be("raw");
        metadata["percepti.classes.dense_2"].Should().Contain("Ankle boot");
        Preprocessor_round_trips(metadata["percepti.preprocessing"]);
        GraphJson.Deserialize(metadata["percepti.graph"]).Nodes.Should().HaveCount(_fixture.Model.Graph.Nodes.Count);
    }

    [Fact]
    public void The_exported_model_classifies_every_test_image_as_the_predictor_does()
    {
        byte[] onnx = OnnxExporter.ToBytes(_fixture.Model);
        var predictor = new Predictor(_fixture.Model);
        var rows = Enumerable.Range(0, _fixture.Test.Count).Select(r => _fixture.Test.Read(r, "image")).ToList();

        var probabilities = OnnxRuntimeRunner.Run(onnx, new Dictionary<string, (float[], long[])> { ["image"] = ([.. rows.SelectMany(r => r)], [rows.Count, 1, 28, 28]) })["dense_2.probabilities"];

        for (int r = 0; r < rows.Count; r++)
        {
            var row = probabilities.AsSpan(r * 10, 10).ToArray();
            Array.IndexOf(row, row.Max()).Should().Be(predictor.Predict(rows[r]).Top!.Index, $"test image {r}");
        }
    }

    [Fact]
    public void A_regression_head_exports_its_prediction_without_probabilities()
    {
        var graph = ModelGraph.Create("regression", g => g.Regression(g.Input("x", TensorShape.Of(3)).Dense(4, Activation.Tanh).Dense(2, name: "values"), g.Target("y", TensorShape.Of(2))));
        using var module = GraphModule.Compile(graph, seed: 2);
        module.eval();
        byte[] onnx = OnnxExporter.ToBytes(module);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = randn(5, 3);

        var outputs = OnnxRuntimeRunner.Run(onnx, new Dictionary<string, (float[], long[])> { ["x"] = (x.data<float>().ToArray(), x.shape) });

        outputs.Keys.Should().Equal("values");
        ShouldBeClose(outputs["values"], module.Run(new Dictionary<string, Tensor> { ["x"] = x })[new NodeId("values")].data<float>().ToArray(), "regression values");
    }

    [Fact]
    public async Task A_table_model_takes_raw_features_and_gives_values_in_the_targets_units_like_the_predictor()
    {
        var random = new Random(6);
        float[] x = [.. Enumerable.Range(0, 3 * 200).Select(i => (float)(random.NextDouble() * Math.Pow(10, i % 3)))];
        float[] y = [.. Enumerable.Range(0, 200).Select(r => 500 + x[3 * r] + (0.1f * x[(3 * r) + 2]))];
        float[] z = [.. Enumerable.Range(0, 200).Select(r => 2 * x[(3 * r) + 1])];
        var data = Percepti.Core.Data.Dataset.FromArrays(
            (new Percepti.Core.Data.DatasetColumn("f", Percepti.Core.Data.ColumnKind.Tensor, TensorShape.Of(3), Percepti.Core.Data.ColumnRole.Input), x),
            (new Percepti.Core.Data.DatasetColumn("z", Percepti.Core.Data.ColumnKind.Numeric, TensorShape.Scalar, Percepti.Core.Data.ColumnRole.Input), z),
            (new Percepti.Core.Data.DatasetColumn("y", Percepti.Core.Data.ColumnKind.Numeric, TensorShape.Scalar, Percepti.Core.Data.ColumnRole.Target), y));
        var graph = ModelGraph.Create("table", g => g.Regression(g.Concat(g.Input("f", TensorShape.Of(3)), g.Input("z", TensorShape.Of(1))).Dense(8, Activation.ReLU).Dense(1, name: "prediction"), g.Target("y", TensorShape.Of(1))));
        var standardize = new Percepti.Core.Data.ColumnPreprocessing { Normalization = Percepti.Core.Data.NormalizationMode.Standardize };
        using var run = Trainer.Start(graph, data.Split(train: 0.8, validation: 0.2, seed: 1), new TrainingOptions
        {
            Epochs = 2,
            Preprocessing = new Dictionary<string, Percepti.Core.Data.ColumnPreprocessing> { ["f"] = standardize, ["z"] = standardize, ["y"] = standardize },
        });
        var result = await run.Completion.WaitAsync(TimeSpan.FromMinutes(2));
        using var model = result.Model;
        using var predictor = new Predictor(model);
        byte[] onnx = OnnxExporter.ToBytes(model);

        var metadata = OnnxRuntimeRunner.Metadata(onnx);
        metadata["percepti.input.f"].Should().Be("raw");
        metadata["percepti.input.z"].Should().Be("raw", "a numeric scalar column maps one to one onto its (1,) input");
        metadata["percepti.output.prediction"].Should().Be("units of y");
        float[] rows = x[..12];
        float[] zs = z[..4];
        var outputs = OnnxRuntimeRunner.Run(onnx, new Dictionary<string, (float[], long[])> { ["f"] = (rows, [4, 3]), ["z"] = (zs, [4, 1]) });
        var expected = Enumerable.Range(0, 4).Select(r => predictor.Predict(new Dictionary<string, float[]> { ["f"] = rows[(3 * r)..((3 * r) + 3)], ["z"] = [zs[r]] }).Values[0]).ToArray();
        expected.Should().OnlyContain(v => v > 100, "the predictor answers in y's units (around 500), not standardized ones");
        ShouldBeClose(outputs["prediction"], expected, "ONNX and the predictor");
    }

    [Fact]
    public void Without_folded_preprocessing_the_model_takes_preprocessed_inputs()
    {
        byte[] onnx = OnnxExporter.ToBytes(_fixture.Model, new OnnxExportOptions { IncludePreprocessing = false, IncludeProbabilities = false });

        OnnxRuntimeRunner.Metadata(onnx)["percepti.input.image"].Should().Be("preprocessed");
        OnnxRuntimeRunner.Signature(onnx).Outputs.Should().Equal("dense_2");
    }

    [Fact]
    public void A_custom_component_is_named_in_the_error()
    {
        var graph = ScaleComponent.ExampleGraph();
        using var module = GraphModule.Compile(graph);

        OnnxExporter.FindProblems(graph).Should().ContainSingle().Which.Node.Should().Be(new NodeId("double-it"));
        var error = module.Invoking(m => OnnxExporter.ToBytes(m)).Should().Throw<OnnxExportException>().Which;
        error.Message.Should().Contain("'double-it' (Scale)").And.Contain("ONNX mapping");
        error.Problems.Should().ContainSingle().Which.Kind.Should().Be("Scale");
    }

    [Fact]
    public void Training_only_outputs_and_missing_outputs_give_clear_errors()
    {
        using var module = GraphModule.Compile(SeedGraphs.FashionCnn());
        var head = module.Heads.Single();

        module.Invoking(m => OnnxExporter.ToBytes(m, new OnnxExportOptions { Outputs = [head] }))
            .Should().Throw<OnnxExportException>().WithMessage($"*'{head}' (Classification): a loss head*")
            .Which.Problems.Select(p => p.Kind).Should().Contain("Target", "the loss reads the label");
        module.Invoking(m => OnnxExporter.ToBytes(m, new OnnxExportOptions { Outputs = ["nowhere"] }))
            .Should().Throw<OnnxExportException>().WithMessage("*'nowhere' is not a component*");
        using var headless = GraphModule.Compile(ModelGraph.Create("headless", g => g.Input("x", TensorShape.Of(3)).Dense(2)));
        headless.Invoking(m => OnnxExporter.ToBytes(m)).Should().Throw<OnnxExportException>().WithMessage("*no loss head*name the outputs*");
    }

    private void Preprocessor_round_trips(string json)
    {
        var restored = Percepti.Core.Data.Preprocessor.FromJson(json);
        restored.ToJson().Should().Be(json, "the metadata is the preprocessing JSON, read back unchanged");
        restored["image"].Offset.Should().Equal(_fixture.Model.Preprocessing["image"].Offset);
        restored["image"].Scale.Should().Equal(_fixture.Model.Preprocessing["image"].Scale);
    }

    private static void ShouldBeClose(float[] actual, float[] expected, string because)
    {
        actual.Should().HaveSameCount(expected, because);
        for (int i = 0; i < expected.Length; i++)
        {
            double allowed = Tolerance * Math.Max(1, Math.Abs(expected[i]));
            ((double)Math.Abs(actual[i] - expected[i])).Should().BeLessThanOrEqualTo(allowed, $"{because}: element {i} is {actual[i]} in ONNX Runtime and {expected[i]} in TorchSharp");
        }
    }
}
