using Percepti.Core.Components;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Graph;

namespace Percepti.Core.Tests.Graph;

public sealed class GraphEditTests
{
    [Fact]
    public void Edits_return_new_versions_and_leave_the_old_one_untouched()
    {
        var original = SeedGraphs.FashionCnn();
        var edited = original.UpdateSettings<ConvolutionSettings>("conv2d_1", s => s with { Filters = 16 });

        ((ConvolutionSettings)original["conv2d_1"].Settings).Filters.Should().Be(32);
        ((ConvolutionSettings)edited["conv2d_1"].Settings).Filters.Should().Be(16);
        edited.Should().NotBe(original);
        edited.Analyze().Nodes[new NodeId("conv2d_1")].OutputShape.Should().Equal(16, 26, 26);
    }

    [Fact]
    public void Removing_a_node_removes_its_connections()
    {
        var graph = SeedGraphs.FashionCnn().RemoveNode("flatten_1");
        graph.Contains("flatten_1").Should().BeFalse();
        graph.Connections.Should().NotContain(c => c.From.Node == new NodeId("flatten_1") || c.To.Node == new NodeId("flatten_1"));
        graph.Validate().Should().Contain(d => d.Code == GraphDiagnosticCodes.MissingInput && d.NodeId == new NodeId("dense_1"));
    }

    [Fact]
    public void Connecting_to_a_taken_input_port_is_rejected_with_an_actionable_message()
    {
        var graph = SeedGraphs.FashionCnn();
        var act = () => graph.Connect("image", "output", "conv2d_2", "input");
        act.Should().Throw<GraphEditException>().WithMessage("*already connected*disconnect it first*");
    }

    [Fact]
    public void Unknown_ports_and_nodes_are_rejected()
    {
        var graph = SeedGraphs.FashionCnn();
        graph.Invoking(g => g.Connect("image", "nope", "dense_1", "input")).Should().Throw<GraphEditException>().WithMessage("*no output port 'nope'*");
        graph.Invoking(g => g.Connect("image", "output", "ghost", "input")).Should().Throw<GraphEditException>().WithMessage("*no node 'ghost'*");
        graph.Invoking(g => g.AddNode("Dense", "image")).Should().Throw<GraphEditException>().WithMessage("*already has a node 'image'*");
    }

    [Fact]
    public void Settings_of_the_wrong_type_are_rejected()
    {
        var graph = SeedGraphs.FashionCnn();
        graph.Invoking(g => g.UpdateSettings("dense_1", new DropoutSettings(0.5)))
            .Should().Throw<GraphEditException>().WithMessage("*takes DenseSettings*");
    }

    [Fact]
    public void Merge_ports_follow_its_input_count()
    {
        var kind = ComponentCatalog.Default.Get("Merge");
        kind.GetInputPorts(new MergeSettings(MergeOperation.Add, 4, 0)).Select(p => p.Name)
            .Should().Equal("input1", "input2", "input3", "input4");
    }

    [Fact]
    public void Ids_are_stable_and_labels_are_separate()
    {
        var graph = SeedGraphs.FashionCnn().Rename("dense_1", "hidden layer");
        graph["dense_1"].Label.Should().Be("hidden layer");
        graph.Summary().ToString().Should().Contain("hidden layer (dense_1)");
    }
}
