using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Percepti.Core.Components;
using Percepti.Core.Data;
using Percepti.Core.Export;
using Percepti.Core.Graph;
using Percepti.Core.Tests.Data;
using Percepti.Core.Training;

namespace Percepti.Core.Tests.Export;

public sealed class ModelPackageTests : IClassFixture<ModelPackageTests.TrainedFixture>
{
    private readonly TrainedFixture _fixture;

    public ModelPackageTests(TrainedFixture fixture) => _fixture = fixture;

    [Fact]
    public void Save_then_load_gives_identical_predictions_and_evaluation()
    {
        using var files = new TestFiles();
        string path = files.Path("fashion.pmodel");
        _fixture.Model.Save(path, new Dictionary<string, double> { ["val_accuracy"] = 0.5 });
        Directory.GetFiles(files.Directory).Should().ContainSingle("the package is written atomically");

        using var loaded = Predictor.Load(path);
        var original = new Predictor(_fixture.Model);
        var rows = Enumerable.Range(0, 20).Select(r => (IReadOnlyDictionary<string, float[]>)new Dictionary<string, float[]> { ["image"] = _fixture.Test.Read(r, "image") }).ToList();
        var expected = original.PredictBatch(rows);
        var actual = loaded.PredictBatch(rows);
        for (int r = 0; r < rows.Count; r++)
        {
            actual[r].Values.Should().Equal(expected[r].Values, $"row {r}");
        }

        loaded.Metrics["val_accuracy"].Should().Be(0.5);
        loaded.ClassNames.Should().Equal(FashionMnist.ClassNames);
        var top = actual[0].Top!;
        actual[0].Probabilities.Sum(p => p.Probability).Should().BeApproximately(1f, 1e-4f);
        actual[0].TopK(3).Should().HaveCount(3).And.BeInDescendingOrder(p => p.Probability);
        top.Should().Be(actual[0].TopK(1)[0]);

        var (model, _) = ModelPackage.Load(path);
        using (model)
        {
            model.Evaluate(_fixture.Test).Should().BeEquivalentTo(_fixture.Model.Evaluate(_fixture.Test));
        }
    }

    [Fact]
    public void A_package_written_to_a_stream_is_the_package_a_file_holds_and_the_stream_stays_open()
    {
        using var files = new TestFiles();
        using var stream = new MemoryStream();
        _fixture.Model.Save(stream, new Dictionary<string, double> { ["val_accuracy"] = 0.25 });
        stream.CanWrite.Should().BeTrue("the caller owns the stream");
        string path = files.Path("streamed.pmodel");
        File.WriteAllBytes(path, stream.ToArray());

        using var loaded = ModelPackage.Load(path);
        loaded.Metrics["val_accuracy"].Should().Be(0.25);
        using var predictor = new Predictor(loaded.Model);
        predictor.Predict(_fixture.Test.Read(0, "image")).Values.Should().Equal(new Predictor(_fixture.Model).Predict(_fixture.Test.Read(0, "image")).Values);
        var refuse = () => ModelPackage.Save(_fixture.Model, new MemoryStream([], writable: false));
        refuse.Should().Throw<ArgumentException>().WithParameterName("destination");
    }

    [Fact]
    public void Predictions_agree_with_the_trained_model_and_are_safe_from_many_threads()
    {
        var predictor = new Predictor(_fixture.Model);
        var report = _fixture.Model.Evaluate(_fixture.Test);
        int correct = Enumerable.Range(0, _fixture.Test.Count).Count(r => predictor.Predict(_fixture.Test.Read(r, "image")).Top!.Index == _fixture.Test.ReadClass(r, "label"));
        ((double)correct / _fixture.Test.Count).Should().BeApproximately(report.Accuracy!.Value, 1e-9, "the predictor applies the same preprocessing and model");

        var sequential = Enumerable.Range(0, 64).Select(r => predictor.Predict(_fixture.Test.Read(r, "image")).Values.ToArray()).ToList();
        var parallel = new float[64][];
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, r => parallel[r] = [.. predictor.Predict(_fixture.Test.Read(r, "image")).Values]);
        for (int r = 0; r < 64; r++)
        {
            parallel[r].Should().Equal(sequential[r]);
        }
    }

    [Fact]
    public void Wrong_inputs_are_explained()
    {
        var predictor = new Predictor(_fixture.Model);
        var shortRow = () => predictor.Predict(new float[10]);
        shortRow.Should().Throw<ArgumentException>().WithMessage("*needs 784 values*");
        var missing = () => predictor.Predict(new Dictionary<string, float[]> { ["other"] = new float[784] });
        missing.Should().Throw<ArgumentException>().WithMessage("*no value for input 'image'*");
    }

    public static TheoryData<string, string> Corruptions() => new()
    {
        { "not a zip", "not a readable model package" },
        { "empty file", "not a readable model package" },
        { "truncated", "not a readable model package" },
        { "missing weights", "'weights.bin' is missing" },
        { "path traversal entry", "unexpected entry '../evil.txt'" },
        { "extra entry", "unexpected entry 'payload.dll'" },
        { "tampered graph", "does not match its checksum" },
        { "tampered weights", "does not match its checksum" },
        { "future format", "format 99 is not supported" },
        { "manifest not json", "'manifest.json' is not valid JSON" },
        { "weights of another graph", "weights do not fit" },
        { "graph with unknown kind", "unknown component kind" },
        { "preprocessing garbage", "preprocessing JSON is not valid" },
        { "preprocessing of another shape", "Input 'image' expects (1, 28, 28), but column 'image' delivers (1, 14, 14)" },
        { "empty preprocessing", "Input 'image' has no dataset column" },
        { "preprocessing statistics of another size", "2 statistics do not fit (1, 28, 28)" },
        { "preprocessing scale beyond float", "statistics outside the float range" },
        { "manifest entry null", "the manifest does not list 'graph.json'" },
        { "manifest of spaces", "'manifest.json' declares 2,097,152 bytes; the limit is 1,048,576" },
        { "weights bomb", "more than a graph of" },
        { "graph bomb", "zip bomb" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Corrupt_truncated_or_tampered_packages_give_a_typed_error(string corruption, string message)
    {
        using var files = new TestFiles();
        string path = files.Path("model.pmodel");
        _fixture.Model.Save(path);
        Corrupt(path, corruption);
        var act = () => Predictor.Load(path);
        act.Should().Throw<ModelPackageException>(corruption).Which.Message.Should().Contain(message, corruption).And.Contain(path);
    }

    [Fact]
    public void Loading_onto_an_unavailable_backend_says_why()
    {
        using var files = new TestFiles();
        string path = files.Path("model.pmodel");
        _fixture.Model.Save(path);
        var act = () => Predictor.Load(path, backend: Percepti.Core.Backends.ComputeBackend.Cuda());
        act.Should().Throw<Percepti.Core.Backends.BackendUnavailableException>().WithMessage("*no CUDA runtime package*");
    }

    [Fact]
    public void A_missing_package_is_a_typed_error()
    {
        var act = () => Predictor.Load("/nonexistent/model.pmodel");
        act.Should().Throw<ModelPackageException>().WithMessage("*does not exist*");
    }

    private static void Corrupt(string path, string corruption)
    {
        byte[] original = File.ReadAllBytes(path);
        var entries = new Dictionary<string, byte[]>();
        using (var archive = ZipFile.OpenRead(path))
        {
            foreach (var entry in archive.Entries)
            {
                using var stream = entry.Open();
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                entries[entry.FullName] = buffer.ToArray();
            }
        }

        bool fixChecksums = false;
        switch (corruption)
        {
            case "not a zip": File.WriteAllText(path, "hello"); return;
            case "empty file": File.WriteAllBytes(path, []); return;
            case "truncated": File.WriteAllBytes(path, original[..(original.Length / 2)]); return;
            case "missing weights": entries.Remove("weights.bin"); break;
            case "path traversal entry": entries["../evil.txt"] = [1]; break;
            case "extra entry": entries["payload.dll"] = [0x4D, 0x5A]; break;
            case "tampered graph": entries["graph.json"] = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(entries["graph.json"]).Replace("\"units\": 64", "\"units\": 65", StringComparison.Ordinal)); break;
            case "tampered weights": entries["weights.bin"][^1] ^= 0xFF; break;
            case "future format":
                {
                    var manifest = JsonNode.Parse(entries["manifest.json"])!;
                    manifest["FormatVersion"] = 99;
                    entries["manifest.json"] = Encoding.UTF8.GetBytes(manifest.ToJsonString());
                    break;
                }

            case "manifest not json": entries["manifest.json"] = Encoding.UTF8.GetBytes("{ nope"); break;
            case "weights of another graph":
                {
                    var other = ModelGraph.Create("mlp", g => g.Classification(g.Input("image", TensorShape.Of(1, 28, 28)).Flatten().Dense(32, Activation.ReLU).Dense(10), g.Target("label", classes: 10)));
                    entries["graph.json"] = Encoding.UTF8.GetBytes(GraphJson.Serialize(other));
                    fixChecksums = true;
                    break;
                }

            case "graph with unknown kind":
                entries["graph.json"] = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(entries["graph.json"]).Replace("\"kind\": \"Flatten\"", "\"kind\": \"Shell\"", StringComparison.Ordinal));
                fixChecksums = true;
                break;
            case "preprocessing of another shape":
                {
                    var preprocessing = JsonNode.Parse(entries["preprocessing.json"])!;
                    var image = preprocessing["Columns"]!.AsArray().Single(c => (string?)c!["Name"] == "image")!;
                    image["OutputShape"] = new JsonArray(1, 14, 14);
                    entries["preprocessing.json"] = Encoding.UTF8.GetBytes(preprocessing.ToJsonString());
                    fixChecksums = true;
                    break;
                }

            case "empty preprocessing":
                entries["preprocessing.json"] = Encoding.UTF8.GetBytes("{\"Version\": 1, \"Columns\": []}");
                fixChecksums = true;
                break;
            case "preprocessing statistics of another size":
                {
                    var preprocessing = JsonNode.Parse(entries["preprocessing.json"])!;
                    var image = preprocessing["Columns"]!.AsArray().Single(c => (string?)c!["Name"] == "image")!;
                    image["Scale"] = new JsonArray(2.0, 3.0);
                    image["Offset"] = new JsonArray(0.5, 0.4);
                    entries["preprocessing.json"] = Encoding.UTF8.GetBytes(preprocessing.ToJsonString());
                    fixChecksums = true;
                    break;
                }

            case "preprocessing scale beyond float":
                {
                    var preprocessing = JsonNode.Parse(entries["preprocessing.json"])!;
                    var image = preprocessing["Columns"]!.AsArray().Single(c => (string?)c!["Name"] == "image")!;
                    image["Scale"] = new JsonArray(1e300);
                    image["Offset"] = new JsonArray(0.5);
                    entries["preprocessing.json"] = Encoding.UTF8.GetBytes(preprocessing.ToJsonString());
                    fixChecksums = true;
                    break;
                }

            case "manifest entry null":
                {
                    var manifest = JsonNode.Parse(entries["manifest.json"])!;
                    manifest["Entries"]!["graph.json"] = null;
                    entries["manifest.json"] = Encoding.UTF8.GetBytes(manifest.ToJsonString());
                    break;
                }

            case "manifest of spaces": entries["manifest.json"] = Encoding.ASCII.GetBytes(new string(' ', 2 << 20)); break;
            case "weights bomb": entries["weights.bin"] = new byte[8 << 20]; break;
            case "graph bomb": entries["graph.json"] = Encoding.ASCII.GetBytes(new string(' ', 4 << 20)); break;
            case "preprocessing garbage":
                entries["preprocessing.json"] = Encoding.UTF8.GetBytes("{\"Version\": 1, \"Columns\": [{\"Name\": 3}]}");
                fixChecksums = true;
                break;
        }

        if (fixChecksums)
        {
            // A consistent but wrong package: the checksums pass, the content must still be checked.
            var manifest = JsonNode.Parse(entries["manifest.json"])!;
            foreach (var name in new[] { "graph.json", "preprocessing.json", "weights.bin", "metrics.json" })
            {
                manifest["Entries"]![name]!["Sha256"] = Convert.ToHexString(SHA256.HashData(entries[name]));
                manifest["Entries"]![name]!["Length"] = entries[name].Length;
            }

            entries["manifest.json"] = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        }

        File.Delete(path);
        using var rewritten = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, bytes) in entries)
        {
            using var stream = rewritten.CreateEntry(name).Open();
            stream.Write(bytes);
        }
    }

    /// <summary>One small model trained once for the class.</summary>
    public sealed class TrainedFixture : IDisposable
    {
        public TrainedFixture()
        {
            var data = FashionMnist.Load(TestFiles.BundledDirectory);
            var split = data.Subset([.. Enumerable.Range(0, 1000)]).Split(train: 0.9, validation: 0.1, seed: 1);
            Test = FashionMnist.Load(TestFiles.BundledDirectory, test: true).Subset([.. Enumerable.Range(0, 200)]);
            var graph = ModelGraph.Create("mlp", g => g.Classification(g.Input("image", TensorShape.Of(1, 28, 28)).Flatten().Dense(64, Activation.ReLU).Dense(10), g.Target("label", classes: 10)));
            using var run = Trainer.Start(graph, split, new TrainingOptions
            {
                Epochs = 2,
                BatchSize = 32,
                Preprocessing = new Dictionary<string, ColumnPreprocessing> { ["image"] = new() { Normalization = NormalizationMode.Standardize } },
            });
            Model = run.Completion.GetAwaiter().GetResult().Model;
        }

        public TrainedModel Model { get; }

        public Dataset Test { get; }

        public void Dispose() => Model.Dispose();
    }
}
