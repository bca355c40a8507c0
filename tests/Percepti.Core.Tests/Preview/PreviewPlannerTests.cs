using Percepti.Core.Components;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Graph;
using Percepti.Core.Preview;

namespace Percepti.Core.Tests.Preview;

/// <summary>The preview run's decisions, without tensors: keys, errors, blocking, what is published.</summary>
public sealed class PreviewPlannerTests
{
    private static readonly ModelGraph Graph = ModelGraph.Create("plan", g =>
    {
        var x = g.Input("x", TensorShape.Of(4));
        var a = x.Dense(4, name: "a");
        a.Dense(4, name: "b").Dense(4, name: "c");
        x.Dense(4, name: "side");
    });

    [Fact]
    public void A_key_changes_exactly_for_the_edited_component_and_its_descendants()
    {
        var before = Plan(Graph).Keys;
        var after = Plan(Graph.UpdateSettings<DenseSettings>("b", s => s with { Activation = Activation.Tanh })).Keys;

        Changed(before, after).Should().BeEquivalentTo(["b", "c"]);
        Changed(before, Plan(Graph).Keys).Should().BeEmpty("equal graphs plan equal keys");
        Changed(before, Plan(Graph, sampleId: "other").Keys).Should().HaveCount(5, "every preview depends on the sample");
    }

    [Fact]
    public void A_component_with_an_error_fails_and_blocks_everything_downstream_by_its_name()
    {
        var broken = Graph.UpdateSettings<DenseSettings>("a", s => s with { Units = 0 });

        var (previews, keys) = Plan(broken);

        previews["a"].Status.Should().Be(PreviewStatus.Error);
        previews["a"].Message.Should().NotBeNullOrEmpty();
        foreach (string id in new[] { "b", "c" })
        {
            previews[id].Status.Should().Be(PreviewStatus.Blocked);
            previews[id].BlockedBy.Should().Be(new NodeId("a"), "the root cause, not the component in between");
            previews[id].Message.Should().Contain("'a'");
            keys.Should().NotContainKey(new NodeId(id), "a blocked component is never computed");
        }

        previews["side"].Status.Should().Be(PreviewStatus.UpToDate, "an independent branch still runs");
    }

    [Fact]
    public void Only_previews_whose_status_message_or_key_changed_are_published()
    {
        var first = Plan(Graph);
        var edited = Graph.UpdateSettings<DenseSettings>("c", s => s with { UseBias = false }).AddNode("Dense", "new");
        var second = Plan(edited);

        var published = PreviewPlanner.Changed(edited, edited.Analyze(), second.Previews, second.Keys, new PreviewSnapshot(0, first.Previews), first.Keys);

        published.Select(p => p.NodeId.Value).Should().Equal("c", "new");
        PreviewPlanner.Changed(Graph, Graph.Analyze(), first.Previews, first.Keys, new PreviewSnapshot(0, first.Previews), first.Keys).Should().BeEmpty();
    }

    private static IEnumerable<string> Changed(IReadOnlyDictionary<NodeId, PreviewKey> before, IReadOnlyDictionary<NodeId, PreviewKey> after) =>
        after.Where(p => !before[p.Key].Equals(p.Value)).Select(p => p.Key.Value);

    /// <summary>Plans every component as the engine does, standing in an up-to-date preview for each computed one.</summary>
    private static (Dictionary<NodeId, ComponentPreview> Previews, Dictionary<NodeId, PreviewKey> Keys) Plan(ModelGraph graph, string sampleId = "sample")
    {
        var analysis = graph.Analyze();
        var previews = new Dictionary<NodeId, ComponentPreview>();
        var keys = new Dictionary<NodeId, PreviewKey>();
        foreach (var id in analysis.TopologicalOrder)
        {
            var plan = PreviewPlanner.Plan(graph, analysis, id, 1, previews, keys, sampleId, seed: 0);
            (plan.Final is null).Should().Be(plan.Key is not null);
            if (plan.Key is not null)
            {
                keys[id] = plan.Key;
            }

            previews[id] = plan.Final ?? new ComponentPreview(id, 1, PreviewStatus.UpToDate, analysis.Nodes[id].OutputShape, null, 0, [], null, TimeSpan.Zero);
        }

        foreach (var preview in PreviewPlanner.Unreached(graph, analysis, 1, previews).ToList())
        {
            previews[preview.NodeId] = preview;
        }

        return (previews, keys);
    }
}
