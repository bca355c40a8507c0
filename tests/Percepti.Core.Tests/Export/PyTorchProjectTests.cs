using System.Text.Json;
using Percepti.Core.Components;
using Percepti.Core.Data;
using Percepti.Core.Export;
using Percepti.Core.Graph;
using Percepti.Core.Training;

namespace Percepti.Core.Tests.Export;

/// <summary>The exported PyTorch project, trained by PyTorch's own engine (torchrun, DDP over gloo) and brought back to .NET.</summary>
public sealed class PyTorchProjectTests
{
    [Fact]
    public void The_seed_cnn_trains_under_torchrun_with_two_processes_and_its_weights_serve_in_dotnet_like_in_pytorch()
    {
        using var files = new Data.TestFiles();
        var data = FashionMnist.Load(Data.TestFiles.BundledDirectory);
        var test = FashionMnist.Load(Data.TestFiles.BundledDirectory, test: true);
        var split = data.Split(train: 0.8, validation: 0.2, seed: 42, stratifyBy: "label").WithTest(test);
        var options = new TrainingOptions
        {
            Epochs = 1,
            BatchSize = 32,
            LearningRate = 3e-3,
            Seed = 3,
            Preprocessing = new Dictionary<string, ColumnPreprocessing> { ["image"] = new() { Normalization = NormalizationMode.Standardize } },
        };
        string project = files.Path("project");

        var notReproduced = PyTorchProject.Export(SeedGraphs.FashionCnn(), split, options, project);

        notReproduced.Should().BeEmpty();
        // torchrun (python -m torch.distributed.run); PyTorch 1.13 on Python 3.11 cannot parse the default "0" of
        // --redirects and --tee (it iterates a Flag enum, which no longer yields its zero member), so stdout is teed.
        string log = PythonTorch.Run(project, ["-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2", "--redirects", "1", "--tee", "1", "train.py"], new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "1" });

        // Both processes trained their half of the rows and logged it: gradients were really exchanged between two ranks.
        var epochs = log.Split('\n').Where(l => l.Contains("{\"rank\"", StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l[l.IndexOf('{', StringComparison.Ordinal)..]).RootElement).ToList();
        epochs.Select(e => e.GetProperty("rank").GetInt32()).Should().BeEquivalentTo([0, 1], log);
        epochs.Should().OnlyContain(e => e.GetProperty("world").GetInt32() == 2 && e.GetProperty("rows").GetInt32() == split.Training.Count / 2);

        string package = files.Path("cnn.pmodel");
        ModelPackage.FromSafetensors(GraphJson.Load(Path.Combine(project, "graph.json")), Preprocessor.FromJson(File.ReadAllText(Path.Combine(project, "preprocessing.json"))), Path.Combine(project, "weights.safetensors"), package);
        using var predictor = Predictor.Load(package);
        using var predictions = JsonDocument.Parse(File.ReadAllText(Path.Combine(project, "test_predictions.json")));
        int[] pytorch = [.. predictions.RootElement.GetProperty("classes").EnumerateArray().Select(c => c.GetInt32())];
        int[] dotnet = [.. Enumerable.Range(0, test.Count).Select(r => predictor.Predict(test.Read(r, "image")).Top!.Index)];

        pytorch.Should().HaveCount(test.Count);
        double agreement = dotnet.Zip(pytorch).Count(p => p.First == p.Second) / (double)test.Count;
        double accuracy = Enumerable.Range(0, test.Count).Count(r => dotnet[r] == test.ReadClass(r, "label")) / (double)test.Count;
        agreement.Should().BeGreaterThanOrEqualTo(0.995, "the .NET predictor runs the weights PyTorch trained");
        accuracy.Should().BeGreaterThanOrEqualTo(0.75, "one epoch on the bundled subset (measured 0.775 with these seeds)");
        File.ReadAllText(Path.Combine(project, "README.md")).Should().Contain("torchrun --nproc_per_node=N train.py").And.Contain("ModelPackage.FromSafetensors");
    }

    [Fact]
    public void Two_inputs_and_a_classification_and_a_regression_head_train_in_one_process_with_sgd_and_a_step_schedule()
    {
        using var files = new Data.TestFiles();
        const int Rows = 300;
        var random = new Random(4);
        float[] a = [.. Enumerable.Range(0, Rows * 5).Select(_ => (float)random.NextDouble())];
        float[] b = [.. Enumerable.Range(0, Rows * 3).Select(_ => (float)random.NextDouble())];

        // The class and the two values follow from the inputs, so both heads can learn something.
        float[] label = [.. Enumerable.Range(0, Rows).Select(r => a[r * 5] + b[r * 3] > 1 ? 1f : a[(r * 5) + 1] > 0.5 ? 2f : 0f)];
        float[] y = [.. Enumerable.Range(0, Rows).SelectMany(r => new[] { a[r * 5] * 2, b[r * 3] - 1 })];
        var data = Dataset.FromArrays(
            (new DatasetColumn("a", ColumnKind.Tensor, TensorShape.Of(5), ColumnRole.Input), a),
            (new DatasetColumn("b", ColumnKind.Tensor, TensorShape.Of(3), ColumnRole.Input), b),
            (new DatasetColumn("label", ColumnKind.Categorical, TensorShape.Scalar, ColumnRole.Target) { ClassNames = ["x", "y", "z"] }, label),
            (new DatasetColumn("y", ColumnKind.Tensor, TensorShape.Of(2), ColumnRole.Target), y));
        var graph = ModelGraph.Create("two-heads", g =>
        {
            var joined = g.Concat(g.Input("a", TensorShape.Of(5)).Dense(8, Activation.ReLU), g.Input("b", TensorShape.Of(3)), axis: 0);
            g.Classification(joined.Dense(3, name: "classes"), g.Target("label", classes: 3));
            g.Regression(joined.Dense(2, name: "values"), g.Target("y", TensorShape.Of(2)));
        });
        var options = new TrainingOptions { Epochs = 3, BatchSize = 16, Optimizer = OptimizerKind.Sgd, LearningRate = 0.05, Schedule = LearningRateSchedule.Step, StepEpochs = 1, StepGamma = 0.5, GradientClipNorm = 1, Seed = 2 };
        string project = files.Path("project");

        PyTorchProject.Export(graph, data.Split(train: 0.8, validation: 0.2, seed: 1), options, project);
        PythonTorch.Run(project, ["train.py"]);

        using var history = JsonDocument.Parse(File.ReadAllText(Path.Combine(project, "history.json")));
        var epochs = history.RootElement.EnumerateArray().ToList();
        epochs.Should().HaveCount(3);
        epochs.Select(e => e.GetProperty("lr").GetDouble()).Should().Equal([0.05, 0.025, 0.0125], "the step schedule halves the rate each epoch, as Percepti.Core's does");
        epochs[^1].GetProperty("loss").GetDouble().Should().BeLessThan(epochs[0].GetProperty("loss").GetDouble());
        epochs.Select(e => e.EnumerateObject().Select(p => p.Name).ToList()).Should().OnlyContain(names => names.Contains("val_loss") && names.Contains("val_accuracy"));
        string package = files.Path("two-heads.pmodel");
        ModelPackage.FromSafetensors(graph, Preprocessor.FromJson(File.ReadAllText(Path.Combine(project, "preprocessing.json"))), Path.Combine(project, "weights.safetensors"), package);
        using var predictor = Predictor.Load(package);
        predictor.Predict(new Dictionary<string, float[]> { ["a"] = a[..5], ["b"] = b[..3] }).Probabilities.Should().HaveCount(3);
    }

    [Theory]
    [InlineData(LearningRateSchedule.Constant)]
    [InlineData(LearningRateSchedule.Step)]
    [InlineData(LearningRateSchedule.Cosine)]
    [InlineData(LearningRateSchedule.OneCycle)]
    public void Train_py_computes_every_step_s_learning_rate_as_the_trainer_does(LearningRateSchedule schedule)
    {
        using var files = new Data.TestFiles();
        var data = FashionMnist.Load(Data.TestFiles.BundledDirectory).Subset([.. Enumerable.Range(0, 40)]);
        var options = new TrainingOptions { LearningRate = 3e-3, Schedule = schedule, StepEpochs = 2, StepGamma = 0.3, Epochs = 5 };
        string project = files.Path("p");
        PyTorchProject.Export(SeedGraphs.FashionCnn(), data.Split(train: 0.5, validation: 0.5, seed: 1), options, project);

        // 5 epochs of 4 steps: every step's rate, from train.py's own function and the config it reads.
        string output = PythonTorch.Run(project, ["-c", "import json, train; c = json.load(open('config.json')); print(json.dumps([train.learning_rate(c, s, 20, (s - 1) // 4 + 1) for s in range(1, 21)]))"]);

        double[] python = JsonSerializer.Deserialize<double[]>(output.Trim().Split('\n')[^1])!;
        double[] trainer = [.. Enumerable.Range(1, 20).Select(s => LearningRates.At(options, s, 20, ((s - 1) / 4) + 1))];
        python.Should().Equal(trainer, (p, t) => Math.Abs(p - t) <= 1e-15 * Math.Max(1, Math.Abs(t)));
    }

    [Fact]
    public void Options_train_py_cannot_reproduce_are_listed_and_a_non_empty_folder_is_refused()
    {
        using var files = new Data.TestFiles();
        var data = FashionMnist.Load(Data.TestFiles.BundledDirectory).Subset([.. Enumerable.Range(0, 60)]);
        var split = data.Split(train: 0.5, validation: 0.5, seed: 1);
        var options = new TrainingOptions { EarlyStoppingMetric = "val_loss", Augmentation = new Augmentation { FlipHorizontal = true } };

        var missing = PyTorchProject.Export(SeedGraphs.FashionCnn(), split, options, files.Path("p"));

        missing.Should().HaveCount(2).And.Contain(m => m.StartsWith("augmentation", StringComparison.Ordinal)).And.Contain(m => m.StartsWith("early stopping", StringComparison.Ordinal));
        File.ReadAllText(Path.Combine(files.Path("p"), "README.md")).Should().Contain("Not reproduced by `train.py`");
        var again = () => PyTorchProject.Export(SeedGraphs.FashionCnn(), split, options, files.Path("p"));
        again.Should().Throw<IOException>().WithMessage("*is not empty*");
        Directory.GetDirectories(files.Directory).Should().ContainSingle("nothing is left half-written beside it");
    }
}
