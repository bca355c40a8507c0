using System.Collections.Concurrent;
using Percepti.Core.Components;
using Percepti.Core.Data;
using Percepti.Core.Graph;
using Percepti.Core.Tests.Data;
using Percepti.Core.Training;
using TorchSharp;

namespace Percepti.Core.Tests.Training;

public sealed class CheckpointTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private static ModelGraph Mlp() => ModelGraph.Create("mlp-dropout", g =>
    {
        var image = g.Input("image", TensorShape.Of(1, 28, 28));
        var label = g.Target("label", classes: 10);

        // Dropout draws from the random generator, so resuming must restore its state too.
        g.Classification(image.Flatten().Dense(32, Activation.ReLU).Dropout(0.3).Dense(10), label);
    });

    private static DatasetSplit Split() =>
        FashionMnist.Load(TestFiles.BundledDirectory).Subset([.. Enumerable.Range(0, 600)]).Split(train: 0.8, validation: 0.2, seed: 2);

    [Fact]
    public async Task A_run_resumed_from_its_checkpoint_ends_like_an_uninterrupted_one()
    {
        using var files = new TestFiles();
        var split = Split();
        var options = new TrainingOptions { Epochs = 3, BatchSize = 32, Seed = 7, Optimizer = OptimizerKind.Sgd, LearningRate = 0.05, Nesterov = true };

        using var straight = Trainer.Start(Mlp(), split, options with { CheckpointDirectory = files.Path("a") });
        var expected = await straight.Completion.WaitAsync(Timeout);
        using var expectedModel = expected.Model;

        // The interrupted run ends after its first epoch's checkpoint (as if stopped or killed there).
        var interrupted = options with { CheckpointDirectory = files.Path("b") };
        using (var first = Trainer.Start(Mlp(), split, interrupted with { Epochs = 1 }))
        {
            using var partial = (await first.Completion.WaitAsync(Timeout)).Model;
        }

        Directory.GetFiles(files.Path("b")).Select(Path.GetFileName).Should().Equal(["last.pckpt"], "checkpoints are written to a temporary file and renamed");
        using var resumed = Trainer.Resume(Mlp(), split, interrupted);
        var actual = await resumed.Completion.WaitAsync(Timeout);
        using var actualModel = actual.Model;

        actual.History.Should().HaveCount(3);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            actual.History[epoch].Should().BeEquivalentTo(expected.History[epoch], $"epoch {epoch + 1}");
        }

        var expectedWeights = expectedModel.Module.parameters().ToList();
        var actualWeights = actualModel.Module.parameters().ToList();
        for (int i = 0; i < expectedWeights.Count; i++)
        {
            actualWeights[i].allclose(expectedWeights[i], 0, 0).Should().BeTrue($"parameter {i} is identical after resuming");
        }
    }

    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.Sgd)]
    public async Task Resuming_restores_the_optimizer_onto_the_parameters_the_module_trains_with_after_a_move(OptimizerKind kind)
    {
        using var files = new TestFiles();
        var split = Split();
        var options = new TrainingOptions { Epochs = 1, BatchSize = 32, Seed = 4, Optimizer = kind, CheckpointDirectory = files.Path("m") };
        using (var run = Trainer.Start(Mlp(), split, options))
        {
            using var first = (await run.Completion.WaitAsync(Timeout)).Model;
        }

        // A device move replaces every parameter tensor, as a dtype round trip does here on the CPU
        // (Module.load on a CUDA module moves it to the CPU and back): the optimizer must step the module's own.
        using var model = GraphModule.Compile(Mlp(), options.Seed);
        static void Move(GraphModule m)
        {
            m.to(TorchSharp.torch.ScalarType.Float64);
            m.to(TorchSharp.torch.ScalarType.Float32);
        }

        var (optimizer, resumed) = ModelPlacement.Place(model, Move, m => kind == OptimizerKind.Adam
            ? TorchSharp.torch.optim.Adam(m.parameters(), 1e-3)
            : TorchSharp.torch.optim.SGD(m.parameters(), 0.05, momentum: 0.9), files.Path("m"));
        using (optimizer)
        {
            resumed!.Epoch.Should().Be(1);
            optimizer.parameters().Select(p => p.Handle).Should().Equal(model.parameters().Select(p => p.Handle), "the optimizer holds the module's final parameters");

            using var scope = TorchSharp.torch.NewDisposeScope();
            var before = model.parameters().Select(p => p.detach().clone()).ToList();
            var batch = new Dictionary<string, TorchSharp.torch.Tensor>
            {
                ["image"] = TorchSharp.torch.rand(4, 1, 28, 28),
                ["label"] = TorchSharp.torch.tensor(new long[] { 0, 1, 2, 3 }),
            };
            model.train();
            optimizer.zero_grad();
            model.Loss(model.Run(batch, model.Heads)).backward();
            var step = () => optimizer.step();
            step.Should().NotThrow("the restored state belongs to the parameters being stepped");
            model.parameters().Zip(before).Should().Contain(p => !p.First.allclose(p.Second, 0, 0), "the step changed the module's weights");
        }
    }

    [Fact]
    public async Task A_run_stopped_mid_training_resumes_after_its_last_checkpoint()
    {
        using var files = new TestFiles();
        var split = Split();
        var options = new TrainingOptions { Epochs = 1000, BatchSize = 32, Seed = 3, CheckpointDirectory = files.Path("s") };
        var saved = new ConcurrentQueue<CheckpointSaved>();
        TrainingResult partial;
        using (var run = Trainer.Start(Mlp(), split, options))
        {
            using var subscription = run.Events.Subscribe(e =>
            {
                if (e is CheckpointSaved checkpoint)
                {
                    saved.Enqueue(checkpoint);
                }
            });
            await Eventually.WaitUntil(() => saved.Count >= 2, Timeout);
            partial = await run.StopAsync().WaitAsync(Timeout);
        }

        using var partialModel = partial.Model;
        partial.Stopped.Should().BeTrue();
        int checkpointed = saved.Max(c => c.Epoch);
        partial.History.Count.Should().BeGreaterThanOrEqualTo(checkpointed);

        using var resumed = Trainer.Resume(Mlp(), split, options with { Epochs = partial.History.Count + 2 });
        var result = await resumed.Completion.WaitAsync(Timeout);
        using var model = result.Model;
        result.History.Should().HaveCount(partial.History.Count + 2);
        result.History.Take(checkpointed).Should().BeEquivalentTo(partial.History.Take(checkpointed), o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Resuming_without_a_checkpoint_or_with_another_graph_is_explained()
    {
        using var files = new TestFiles();
        var split = Split();
        using var nothing = Trainer.Resume(Mlp(), split, new TrainingOptions { CheckpointDirectory = files.Path("none") });
        var act = () => nothing.Completion.WaitAsync(Timeout);
        (await act.Should().ThrowAsync<TrainingException>()).Which.Message.Should().Contain("does not exist");

        var options = new TrainingOptions { Epochs = 1, BatchSize = 64, CheckpointDirectory = files.Path("c") };
        using (var first = Trainer.Start(Mlp(), split, options))
        {
            using var model = (await first.Completion.WaitAsync(Timeout)).Model;
        }

        var other = Mlp().UpdateSettings<Percepti.Core.Components.Kinds.DropoutSettings>("dropout_1", s => s with { Rate = 0.1 });
        using var mismatch = Trainer.Resume(other, split, options with { Epochs = 2 });
        var wrong = () => mismatch.Completion.WaitAsync(Timeout);
        (await wrong.Should().ThrowAsync<TrainingException>()).Which.Message.Should().Contain("different graph");
    }

    [Theory]
    [InlineData("one weight changed", "'model.bin' does not match its checksum")]
    [InlineData("truncated", "is not a readable checkpoint (corrupt or truncated)")]
    [InlineData("no manifest", "has no checksums")]
    public async Task A_changed_or_damaged_checkpoint_is_refused_naming_the_file(string damage, string message)
    {
        using var files = new TestFiles();
        var split = Split();
        var options = new TrainingOptions { Epochs = 1, BatchSize = 64, CheckpointDirectory = files.Path("c") };
        using (var first = Trainer.Start(Mlp(), split, options))
        {
            using var model = (await first.Completion.WaitAsync(Timeout)).Model;
        }

        string path = Path.Combine(files.Path("c"), "last.pckpt");
        Damage(path, damage);
        using var resumed = Trainer.Resume(Mlp(), split, options with { Epochs = 2 });
        var act = () => resumed.Completion.WaitAsync(Timeout);
        var error = (await act.Should().ThrowAsync<TrainingException>()).Which;
        error.Message.Should().Contain(path).And.Contain(message);
    }

    [Fact]
    public async Task Temporary_files_left_by_a_killed_checkpoint_write_are_removed_by_the_next_run_and_nothing_else()
    {
        using var files = new TestFiles();
        string folder = files.Path("c");
        Directory.CreateDirectory(folder);
        string stale = Path.Combine(folder, $"last.pckpt.{Guid.NewGuid():N}.tmp");
        string notOurs = Path.Combine(folder, "last.pckpt.notes.tmp");
        string other = Path.Combine(folder, "data.tmp");
        foreach (string file in new[] { stale, notOurs, other })
        {
            File.WriteAllText(file, "left over");
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-1));
        }

        using (var run = Trainer.Start(Mlp(), Split(), new TrainingOptions { Epochs = 1, BatchSize = 64, CheckpointDirectory = folder }))
        {
            using var model = (await run.Completion.WaitAsync(Timeout)).Model;
        }

        Directory.GetFiles(folder).Select(Path.GetFileName).Should().BeEquivalentTo(["last.pckpt", "last.pckpt.notes.tmp", "data.tmp"]);
    }

    private static void Damage(string path, string damage)
    {
        byte[] original = File.ReadAllBytes(path);
        if (damage == "truncated")
        {
            File.WriteAllBytes(path, original[..(original.Length / 2)]);
            return;
        }

        var entries = new Dictionary<string, byte[]>();
        using (var archive = System.IO.Compression.ZipFile.OpenRead(path))
        {
            foreach (var entry in archive.Entries)
            {
                using var stream = entry.Open();
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                entries[entry.FullName] = buffer.ToArray();
            }
        }

        if (damage == "no manifest")
        {
            entries.Remove("manifest.json");
        }
        else
        {
            entries["model.bin"][^3] ^= 0x01;
        }

        File.Delete(path);
        using var rewritten = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create);
        foreach (var (name, bytes) in entries)
        {
            using var stream = rewritten.CreateEntry(name).Open();
            stream.Write(bytes);
        }
    }
}
