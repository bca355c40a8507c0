using Percepti.Core.Components;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Graph;
using Percepti.Core.Preview;

namespace Percepti.Core.Tests.Preview;

public sealed class PreviewEngineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_seed_cnn_is_previewed_on_the_sample_with_plain_data()
    {
        var graph = SeedGraphs.FashionCnn();
        using var engine = new PreviewEngine(graph, PreviewSample.Random(graph));
        var snapshot = await engine.StabilizeAsync().WaitAsync(Timeout);

        snapshot.Previews.Should().HaveCount(graph.Nodes.Count);
        snapshot.Previews.Values.Should().OnlyContain(p => p.Status == PreviewStatus.UpToDate);
        var conv = snapshot.Previews[new NodeId("conv2d_1")];
        conv.OutputShape.Should().Equal(32, 26, 26);
        conv.ParameterCount.Should().Be(320);
        conv.Weights.Select(w => w.Name).Should().Equal("layer0.weight", "layer0.bias");
        conv.Statistics!.Count.Should().Be(32 * 26 * 26);
        conv.Statistics.ZeroFraction.Should().BeGreaterThan(0, "ReLU zeroes negative values");
        conv.Statistics.Minimum.Should().Be(0);
        conv.Visual!.Kind.Should().Be(PreviewVisualKind.FeatureMaps);
        conv.Visual.Channels.Should().Be(16);
        conv.Visual.Values.Length.Should().BeLessThanOrEqualTo(new PreviewOptions().MaxVisualPoints);
        snapshot.Previews[new NodeId("image")].Visual!.Kind.Should().Be(PreviewVisualKind.GrayscaleImage);
        snapshot.Previews[new NodeId("dense_2")].Visual!.Kind.Should().Be(PreviewVisualKind.Bar);
        snapshot.Previews[new NodeId("label")].Statistics!.Maximum.Should().Be(1, "the class label is one-hot");
        snapshot.Previews[new NodeId("classification_1")].Visual!.Kind.Should().Be(PreviewVisualKind.Scalar);
    }

    [Fact]
    public async Task An_edit_recomputes_exactly_the_edited_component_and_what_is_downstream()
    {
        using var document = new GraphDocument(SeedGraphs.FashionCnn());
        using var engine = new PreviewEngine(document, PreviewSample.Random(document.Current));
        await engine.StabilizeAsync().WaitAsync(Timeout);
        var before = engine.Counters;

        document.UpdateSettings<ConvolutionSettings>("conv2d_3", s => s with { Filters = 32 });
        await engine.StabilizeAsync().WaitAsync(Timeout);

        var ran = Delta(before, engine.Counters);
        ran.Keys.Select(k => k.Value).Should().BeEquivalentTo("conv2d_3", "flatten_1", "dense_1", "dense_2", "classification_1");
        ran.Values.Should().OnlyContain(n => n == 1, "each component runs at most once per version");
    }

    [Fact]
    public async Task Moving_or_renaming_recomputes_nothing_and_undo_is_served_from_cache()
    {
        using var document = new GraphDocument(SeedGraphs.FashionCnn());
        using var engine = new PreviewEngine(document, PreviewSample.Random(document.Current));
        var original = await engine.StabilizeAsync().WaitAsync(Timeout);

        document.Move("dense_1", new NodePosition(1, 2));
        document.Rename("dense_1", "hidden");
        await engine.StabilizeAsync().WaitAsync(Timeout);
        document.UpdateSettings<DenseSettings>("dense_1", s => s with { Activation = Activation.Tanh });
        await engine.StabilizeAsync().WaitAsync(Timeout);
        var beforeUndo = engine.Counters;

        document.Undo();
        var undone = await engine.StabilizeAsync().WaitAsync(Timeout);

        Delta(beforeUndo, engine.Counters).Should().BeEmpty("undo returns to previews still in the cache");
        undone.Previews[new NodeId("dense_2")].Statistics.Should().Be(original.Previews[new NodeId("dense_2")].Statistics);
    }

    [Fact]
    public async Task Weights_are_stable_per_component_and_previews_are_deterministic()
    {
        var graph = SeedGraphs.FashionCnn();
        var sample = PreviewSample.Random(graph, seed: 3);
        using var first = new PreviewEngine(graph, sample);
        using var second = new PreviewEngine(graph, sample);
        var a = await first.StabilizeAsync().WaitAsync(Timeout);
        var b = await second.StabilizeAsync().WaitAsync(Timeout);
        foreach (var id in graph.Nodes.Select(n => n.Id))
        {
            a.Previews[id].Statistics.Should().Be(b.Previews[id].Statistics, id.Value);
            a.Previews[id].Visual!.Values.ToArray().Should().Equal(b.Previews[id].Visual!.Values.ToArray());
        }

        // Editing conv2d_2 must not change dense_1's weights.
        first.Submit(graph.UpdateSettings<ConvolutionSettings>("conv2d_2", s => s with { Activation = Activation.SiLU }));
        var edited = await first.StabilizeAsync().WaitAsync(Timeout);
        edited.Previews[new NodeId("dense_1")].Weights.Should().BeEquivalentTo(a.Previews[new NodeId("dense_1")].Weights);
        edited.Previews[new NodeId("dense_1")].Statistics.Should().NotBe(a.Previews[new NodeId("dense_1")].Statistics);

        // A different base seed gives different weights.
        using var reseeded = new PreviewEngine(graph, sample, new PreviewOptions { Seed = 99 });
        var c = await reseeded.StabilizeAsync().WaitAsync(Timeout);
        c.Previews[new NodeId("dense_1")].Weights.Should().NotBeEquivalentTo(a.Previews[new NodeId("dense_1")].Weights);
    }

    [Fact]
    public async Task Previews_run_in_inference_mode()
    {
        var graph = ModelGraph.Create("drop", g => g.Input("x", TensorShape.Of(64)).Dropout(0.9, name: "drop").BatchNorm(name: "bn"));
        using var engine = new PreviewEngine(graph, PreviewSample.Random(graph));
        var snapshot = await engine.StabilizeAsync().WaitAsync(Timeout);
        snapshot.Previews[new NodeId("drop")].Statistics.Should().Be(snapshot.Previews[new NodeId("x")].Statistics, "dropout is off");
        snapshot.Previews[new NodeId("bn")].Statistics!.Mean.Should().BeApproximately(snapshot.Previews[new NodeId("x")].Statistics!.Mean, 1e-3, "eval batch-norm with fresh running statistics is ~identity");
    }

    [Fact]
    public async Task Errors_are_values_descendants_are_blocked_independent_branches_finish_and_a_fix_recovers()
    {
        var graph = ModelGraph.Create("branches", g =>
        {
            var x = g.Input("x", TensorShape.Of(1, 12, 12));
            x.Conv2D(4, 3, name: "good").Flatten(name: "good_flat");
            x.Conv2D(4, 3, name: "bad").Flatten(name: "bad_flat").Dense(3, name: "bad_dense");
        });
        using var document = new GraphDocument(graph);
        using var engine = new PreviewEngine(document, PreviewSample.Random(graph));
        await engine.StabilizeAsync().WaitAsync(Timeout);

        document.UpdateSettings<ConvolutionSettings>("bad", s => s with { KernelSize = 20 });
        var broken = await engine.StabilizeAsync().WaitAsync(Timeout);
        broken.Previews[new NodeId("bad")].Status.Should().Be(PreviewStatus.Error);
        broken.Previews[new NodeId("bad")].Message.Should().Contain("window");
        broken.Previews[new NodeId("bad_flat")].Status.Should().Be(PreviewStatus.Blocked);
        broken.Previews[new NodeId("bad_dense")].BlockedBy.Should().Be(new NodeId("bad"));
        broken.Previews[new NodeId("bad_dense")].Statistics.Should().BeNull("an old preview is not shown as current");
        broken.Previews[new NodeId("good_flat")].Status.Should().Be(PreviewStatus.UpToDate);

        document.UpdateSettings<ConvolutionSettings>("bad", s => s with { KernelSize = 5 });
        var fixedSnapshot = await engine.StabilizeAsync().WaitAsync(Timeout);
        fixedSnapshot.Previews.Values.Should().OnlyContain(p => p.Status == PreviewStatus.UpToDate);
        fixedSnapshot.Previews[new NodeId("bad_dense")].OutputShape.Should().Equal(3);
    }

    [Fact]
    public async Task A_component_that_throws_at_run_time_is_an_error_not_a_crash()
    {
        var catalog = ComponentCatalog.CreateDefault();
        catalog.Register(new ThrowingComponent());
        var graph = ModelGraph.Create("throws", g =>
        {
            var x = g.Input("x", TensorShape.Of(4));
            x.Then("Throwing", name: "boom").Dense(2, name: "after");
            x.Dense(2, name: "fine");
        }, catalog);
        using var engine = new PreviewEngine(graph, PreviewSample.Random(graph));
        var snapshot = await engine.StabilizeAsync().WaitAsync(Timeout);
        snapshot.Previews[new NodeId("boom")].Status.Should().Be(PreviewStatus.Error);
        snapshot.Previews[new NodeId("boom")].Message.Should().Contain("kaboom");
        snapshot.Previews[new NodeId("after")].Status.Should().Be(PreviewStatus.Blocked);
        snapshot.Previews[new NodeId("fine")].Status.Should().Be(PreviewStatus.UpToDate);
    }

    [Fact]
    public async Task A_missing_or_misshapen_sample_value_is_an_error_on_the_input()
    {
        var graph = ModelGraph.Create("inputs", g =>
        {
            g.Input("a", TensorShape.Of(3)).Dense(2, name: "da");
            g.Input("b", TensorShape.Of(3)).Dense(2, name: "db");
        });
        var sample = new PreviewSample("s", new Dictionary<string, SampleValue> { ["a"] = new(new float[] { 1, 2, 3, 4 }, TensorShape.Of(4)) });
        using var engine = new PreviewEngine(graph, sample);
        var snapshot = await engine.StabilizeAsync().WaitAsync(Timeout);
        snapshot.Previews[new NodeId("a")].Message.Should().Contain("(4,)").And.Contain("(3,)");
        snapshot.Previews[new NodeId("b")].Message.Should().Contain("no value for 'b'");
        snapshot.Previews[new NodeId("db")].Status.Should().Be(PreviewStatus.Blocked);
    }

    [Fact]
    public async Task An_edit_while_a_component_runs_cancels_it_and_the_old_version_is_never_published()
    {
        using var document = new GraphDocument(SeedGraphs.FashionCnn());
        var published = new List<ComponentPreview>();
        using var gateReached = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        bool hold = true;
        using var engine = new PreviewEngine(document, PreviewSample.Random(document.Current));
        await engine.StabilizeAsync().WaitAsync(Timeout);
        using var subscription = engine.Updates.Subscribe(p => { lock (published) { published.Add(p); } });
        engine.BeforeExecute = (id, token) =>
        {
            if (hold && id.Value == "dense_1")
            {
                hold = false;
                gateReached.Release();
                release.Wait(Timeout, CancellationToken.None);
            }
        };

        document.UpdateSettings<ConvolutionSettings>("conv2d_3", s => s with { Filters = 16 });
        long stale = document.Version;
        (await gateReached.WaitAsync(Timeout)).Should().BeTrue();
        engine.GetStatus("dense_1").Should().Be(PreviewStatus.Running);
        engine.GetStatus("dense_2").Should().Be(PreviewStatus.Queued);
        engine.GetStatus("conv2d_1").Should().Be(PreviewStatus.UpToDate, "it was served from cache in this run");
        document.UpdateSettings<DenseSettings>("dense_1", s => s with { Units = 32 });
        release.Release();
        var final = await engine.StabilizeAsync().WaitAsync(Timeout);

        final.Version.Should().Be(document.Version);
        document.Current.Nodes.Should().OnlyContain(n => engine.GetStatus(n.Id) == PreviewStatus.UpToDate);
        engine.Counters.Cancellations.Should().BeGreaterThanOrEqualTo(1);
        lock (published)
        {
            published.Should().NotContain(p => p.GraphVersion == stale);
            published.Select(p => p.GraphVersion).Should().OnlyContain(v => v == document.Version);
        }

        using var fresh = new PreviewEngine(document.Current, PreviewSample.Random(SeedGraphs.FashionCnn()));
        AssertSame(final, await fresh.StabilizeAsync().WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_burst_of_edits_coalesces_and_the_last_edit_wins()
    {
        using var document = new GraphDocument(SeedGraphs.FashionCnn());
        using var gateReached = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        bool hold = true;
        using var engine = new PreviewEngine(document, PreviewSample.Random(document.Current));
        await engine.StabilizeAsync().WaitAsync(Timeout);
        var before = engine.Counters;
        engine.BeforeExecute = (id, token) =>
        {
            if (hold)
            {
                hold = false;
                gateReached.Release();
                release.Wait(Timeout, CancellationToken.None);
            }
        };

        document.UpdateSettings<DenseSettings>("dense_1", s => s with { Units = 10 });
        (await gateReached.WaitAsync(Timeout)).Should().BeTrue();
        for (int units = 11; units <= 30; units++)
        {
            int value = units;
            document.UpdateSettings<DenseSettings>("dense_1", s => s with { Units = value });
        }

        release.Release();
        var final = await engine.StabilizeAsync().WaitAsync(Timeout);

        final.Previews[new NodeId("dense_1")].OutputShape.Should().Equal(30);
        var ran = Delta(before, engine.Counters);

        // The held run executed one component before it was cancelled; then only the last version ran.
        ran[new NodeId("dense_1")].Should().BeLessThanOrEqualTo(2);
        ran.Values.Sum().Should().BeLessThanOrEqualTo(1 + 3);
    }

    [Fact]
    public async Task Updates_come_once_per_changed_component_in_topological_order_and_late_subscribers_read_the_snapshot()
    {
        using var document = new GraphDocument(SeedGraphs.FashionCnn());
        var logger = new RecordingLogger();
        using var engine = new PreviewEngine(document, PreviewSample.Random(document.Current), new PreviewOptions { Logger = logger });
        await engine.StabilizeAsync().WaitAsync(Timeout);
        var updates = new List<ComponentPreview>();
        using var subscription = engine.Updates.Subscribe(updates.Add);
        var seenByThrowing = new List<ComponentPreview>();
        using var throwing = engine.Updates.Subscribe(u =>
        {
            seenByThrowing.Add(u);
            throw new InvalidOperationException("a broken subscriber");
        });

        document.UpdateSettings<ConvolutionSettings>("conv2d_2", s => s with { Filters = 8 });
        await engine.StabilizeAsync().WaitAsync(Timeout);
        seenByThrowing.Should().BeEquivalentTo(updates, "a subscriber that throws is logged and keeps receiving");
        logger.Entries.Where(e => e.Event.Id == 3001).Should().HaveCount(updates.Count, "each failure goes to the options' logger")
            .And.Contain(e => e.Message.Contains("conv2d_2", StringComparison.Ordinal));

        var order = document.Current.Analyze().TopologicalOrder.ToList();
        updates.Select(u => u.NodeId.Value).Should().Equal("conv2d_2", "max_pool2d_2", "conv2d_3", "flatten_1", "dense_1", "dense_2", "classification_1");
        updates.Select(u => order.IndexOf(u.NodeId)).Should().BeInAscendingOrder();
        updates.Should().OnlyContain(u => u.GraphVersion == document.Version);
        engine.Snapshot.Previews.Should().HaveCount(11, "a late subscriber reads every component from the snapshot");
        engine.Snapshot.Version.Should().Be(document.Version);
    }

    [Fact]
    public async Task Removing_a_component_frees_its_cached_outputs()
    {
        using var document = new GraphDocument(SeedGraphs.FashionCnn());
        using var engine = new PreviewEngine(document, PreviewSample.Random(document.Current));
        await engine.StabilizeAsync().WaitAsync(Timeout);
        long before = engine.CachedBytes;

        document.RemoveNode("classification_1");
        document.RemoveNode("dense_2");
        document.RemoveNode("dense_1");
        await engine.StabilizeAsync().WaitAsync(Timeout);

        engine.CachedBytes.Should().BeLessThan(before);
        engine.Snapshot.Previews.Keys.Select(k => k.Value).Should().NotContain("dense_1");
    }

    [Fact]
    public async Task A_zero_cache_budget_keeps_only_the_current_version_and_only_costs_recomputation()
    {
        using var document = new GraphDocument(SeedGraphs.FashionCnn());
        var sample = PreviewSample.Random(document.Current);
        using var engine = new PreviewEngine(document, sample, new PreviewOptions { CacheBudgetBytes = 0 });
        await engine.StabilizeAsync().WaitAsync(Timeout);
        long oneVersion = engine.CachedBytes;
        document.UpdateSettings<DenseSettings>("dense_1", s => s with { Units = 16 });
        await engine.StabilizeAsync().WaitAsync(Timeout);
        var before = engine.Counters;
        document.Undo();
        var final = await engine.StabilizeAsync().WaitAsync(Timeout);

        Delta(before, engine.Counters).Keys.Select(k => k.Value).Should().BeEquivalentTo(["dense_1", "dense_2", "classification_1"], "the undone version was evicted, so its changed part is recomputed; the rest was kept");
        engine.CachedBytes.Should().Be(oneVersion);
        using var fresh = new PreviewEngine(document.Current, sample);
        AssertSame(final, await fresh.StabilizeAsync().WaitAsync(Timeout));
    }

    internal static Dictionary<NodeId, int> Delta(PreviewCounters before, PreviewCounters after) =>
        after.Executions
            .Select(e => (e.Key, Count: e.Value - before.Executions.GetValueOrDefault(e.Key)))
            .Where(e => e.Count > 0)
            .ToDictionary(e => e.Key, e => e.Count);

    internal static void AssertSame(PreviewSnapshot actual, PreviewSnapshot expected)
    {
        actual.Previews.Keys.Should().BeEquivalentTo(expected.Previews.Keys);
        foreach (var (id, preview) in expected.Previews)
        {
            var mine = actual.Previews[id];
            mine.Status.Should().Be(preview.Status, id.Value);
            mine.OutputShape.Should().BeEquivalentTo(preview.OutputShape, id.Value);
            mine.Statistics.Should().Be(preview.Statistics, id.Value);
            mine.Message.Should().Be(preview.Message, id.Value);
            (mine.Visual?.Values.ToArray() ?? []).Should().Equal(preview.Visual?.Values.ToArray() ?? [], id.Value);
        }
    }

    private sealed record ThrowingSettings : ComponentSettings;

    private sealed class ThrowingComponent() : ComponentKind<ThrowingSettings>(new ThrowingSettings())
    {
        public override string Name => "Throwing";

        public override ComponentCategory Category => ComponentCategory.Custom;

        public override string Description => "Fails when run.";

        protected override IEnumerable<SettingDescriptor> DescribeSettings() => [];

        protected override TensorShape InferOutputShapeCore(ThrowingSettings settings, IReadOnlyList<TensorShape> inputs) => inputs[0];

        protected override ComponentModule BuildCore(ThrowingSettings settings, IReadOnlyList<TensorShape> inputs) => new Module();

        private sealed class Module() : ComponentModule("Throwing")
        {
            public override TorchSharp.torch.Tensor forward(IReadOnlyList<TorchSharp.torch.Tensor> input) => throw new InvalidOperationException("kaboom");
        }
    }
}
