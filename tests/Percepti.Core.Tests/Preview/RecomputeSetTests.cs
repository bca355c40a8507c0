using CsCheck;
using Percepti.Core.Components;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Graph;
using Percepti.Core.Preview;

namespace Percepti.Core.Tests.Preview;

/// <summary>After an edit, exactly the edited component and its descendants run, and the result equals a from-scratch run.</summary>
public sealed class RecomputeSetTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Chain_diamond_and_wide_fan_in()
    {
        var graph = ModelGraph.Create("shapes", g =>
        {
            var x = g.Input("x", TensorShape.Of(8));
            var a = x.Dense(8, name: "a");
            var b = a.Dense(8, name: "b");
            var c = a.Dense(8, name: "c");
            var d = b.Add(c, name: "d");                       // diamond a -> b, c -> d
            var chain = d.Dense(8, name: "e").Dense(8, name: "f");  // chain
            var branches = Enumerable.Range(0, 8).Select(i => x.Dense(8, name: $"w{i}")).ToList();
            var fan = g.Merge(MergeOperation.Add, branches, name: "fan");   // wide fan-in
            chain.Add(fan, name: "out");
        });

        await AssertRecompute(graph, "b", "b", "d", "e", "f", "out");
        await AssertRecompute(graph, "a", "a", "b", "c", "d", "e", "f", "out");
        await AssertRecompute(graph, "w5", "w5", "fan", "out");
        await AssertRecompute(graph, "f", "f", "out");
        await AssertRecompute(graph, "e", "e", "f", "out");
    }

    [Fact]
    public void Random_dags_with_random_edits_match_a_from_scratch_evaluation()
    {
        Gen.Int[0, int.MaxValue].Sample(seed => RandomDagAsync(seed).GetAwaiter().GetResult(), iter: 300, threads: 1);
    }

    private static async Task AssertRecompute(ModelGraph graph, string edited, params string[] expected)
    {
        var sample = PreviewSample.Random(graph, seed: 1);
        using var engine = new PreviewEngine(graph, sample);
        await engine.StabilizeAsync().WaitAsync(Timeout);
        var before = engine.Counters;
        var next = graph.UpdateSettings<DenseSettings>(edited, s => s with { Activation = Activation.Tanh });
        engine.Submit(next);
        var after = await engine.StabilizeAsync().WaitAsync(Timeout);

        var ran = PreviewEngineTests.Delta(before, engine.Counters);
        ran.Keys.Select(k => k.Value).Should().BeEquivalentTo(expected, $"editing {edited}");
        ran.Values.Should().OnlyContain(n => n == 1);
        using var fresh = new PreviewEngine(next, sample);
        PreviewEngineTests.AssertSame(after, await fresh.StabilizeAsync().WaitAsync(Timeout));
    }

    private static async Task RandomDagAsync(int seed)
    {
        var random = new Random(seed);
        var graph = ModelGraph.Empty($"dag-{seed}").AddNode("Input", "n0", new InputSettings(TensorShape.Of(6)));
        int count = random.Next(3, 13);
        for (int i = 1; i < count; i++)
        {
            var id = new NodeId($"n{i}");
            int kind = random.Next(5);
            if (kind == 4 && i >= 2)
            {
                var sources = Enumerable.Range(0, i).OrderBy(_ => random.Next()).Take(Math.Min(i, random.Next(2, 4))).ToList();
                graph = graph.AddNode("Merge", id, new MergeSettings(RandomMerge(random), sources.Count, 0));
                for (int k = 0; k < sources.Count; k++)
                {
                    graph = graph.Connect($"n{sources[k]}", "output", id, MergeSettings.PortName(k));
                }

                continue;
            }

            graph = graph.AddNode(kind switch { 0 or 4 => "Dense", 1 => "Activation", 2 => "Dropout", _ => "LayerNorm" }, id, RandomSettings(random, kind));
            graph = graph.Connect($"n{random.Next(i)}", "output", id, "input");
        }

        var sample = PreviewSample.Random(graph, seed);
        using var engine = new PreviewEngine(graph, sample);
        await engine.StabilizeAsync().WaitAsync(Timeout);
        var seen = graph.Nodes.Select(n => (n.Id, n.Settings)).ToHashSet();
        for (int edit = 0; edit < 4; edit++)
        {
            var node = graph.Nodes[random.Next(1, graph.Nodes.Count)];
            var settings = node.Settings switch
            {
                MergeSettings merge => merge with { Operation = RandomMerge(random) },
                DenseSettings => RandomSettings(random, 0),
                ActivationSettings => RandomSettings(random, 1),
                DropoutSettings => RandomSettings(random, 2),
                _ => RandomSettings(random, 3),
            };
            var before = engine.Counters;
            graph = graph.UpdateSettings(node.Id, settings);
            engine.Submit(graph);
            var snapshot = await engine.StabilizeAsync().WaitAsync(Timeout);

            var ran = PreviewEngineTests.Delta(before, engine.Counters);
            var descendants = GraphTopologyOf(graph, node.Id);
            ran.Keys.Should().BeSubsetOf(descendants, $"seed {seed}, edit {edit} of {node.Id}: only the edited component and its descendants may run");
            ran.Values.Should().NotContain(n => n > 1, $"seed {seed}: at most once per version");
            if (seen.Add((node.Id, settings)))
            {
                ran.Keys.Should().BeEquivalentTo(descendants, $"seed {seed}, edit {edit} of {node.Id}: new settings rerun every descendant");
            }

            using var fresh = new PreviewEngine(graph, sample);
            PreviewEngineTests.AssertSame(snapshot, await fresh.StabilizeAsync().WaitAsync(Timeout));
        }
    }

    private static HashSet<NodeId> GraphTopologyOf(ModelGraph graph, NodeId start)
    {
        var seen = new HashSet<NodeId> { start };
        var stack = new Stack<NodeId>([start]);
        while (stack.Count > 0)
        {
            foreach (var next in graph.OutputsOf(stack.Pop()).Select(c => c.To.Node))
            {
                if (seen.Add(next))
                {
                    stack.Push(next);
                }
            }
        }

        return seen;
    }

    private static MergeOperation RandomMerge(Random random) => (MergeOperation)random.Next(3);

    private static ComponentSettings RandomSettings(Random random, int kind) => kind switch
    {
        0 or 4 => new DenseSettings(6, (Activation)random.Next(8), random.Next(2) == 0),
        1 => new ActivationSettings((Activation)random.Next(1, 8), Math.Round(random.NextDouble(), 3)),
        2 => new DropoutSettings(Math.Round(random.NextDouble() * 0.9, 3)),
        _ => new LayerNormSettings(0, random.Next(2) == 0 ? 1e-5 : 1e-3),
    };
}
