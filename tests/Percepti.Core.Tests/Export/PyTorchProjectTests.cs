using System.Text.Json;
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
