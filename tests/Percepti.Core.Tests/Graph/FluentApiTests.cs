using Percepti.Core.Components;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Graph;
using static TorchSharp.torch;

namespace Percepti.Core.Tests.Graph;

public sealed class FluentApiTests
{
    [Fact]
    public void The_design_example_produces_the_seed_cnn_with_correct_shapes()
    {
        var analysis = SeedGraphs.FashionCnn().Analyze();
        string Shape(string id) => analysis.Nodes[new NodeId(id)].OutputShape!.ToString();

        Shape("conv2d_1").Should().Be("(32, 26, 26)");
        Shape("max_pool2d_1").Should().Be("(32, 13, 13)");
        Shape("conv2d_2").Should().Be("(64, 11, 11)");
        Shape("max_pool2d_2").Should().Be("(64, 5, 5)");
        Shape("conv2d_3").Should().Be("(64, 3, 3)");
        Shape("flatten_1").Should().Be("(576,)");
        Shape("dense_1").Should().Be("(64,)");
        Shape("dense_2").Should().Be("(10,)");
        Shape("classification_1").Should().Be("()");
    }

    [Fact]
    public void Residual_blocks_and_concatenation_build_fluently()
    {
        var graph = SeedGraphs.Residual();
        var analysis = graph.Analyze();
        analysis.IsValid.Should().BeTrue(string.Join("; ", analysis.Diagnostics));
        analysis.Nodes[new NodeId("add_1")].OutputShape.Should().Equal(8, 16, 16);
        analysis.Nodes[new NodeId("concatenate_1")].OutputShape.Should().Equal(16, 16, 16);
        graph.InputsOf("add_1").Select(c => c.From.Node.Value).Should().BeEquivalentTo("conv2d_1", "conv2d_3");
    }

    [Fact]
    public void Names_become_ids_and_a_taken_name_is_rejected()
    {
        var act = () => ModelGraph.Create("dup", g =>
        {
            g.Input("x", TensorShape.Of(4)).Dense(3, name: "head");
            g.Input("y", TensorShape.Of(4)).Dense(3, name: "head");
        });
        act.Should().Throw<GraphEditException>().WithMessage("*already has a node 'head'*");
    }

    [Fact]
    public void Outputs_from_another_builder_are_rejected()
    {
        NodeOutput? foreign = null;
        ModelGraph.Create("a", g => foreign = g.Input("x", TensorShape.Of(4)));
        var act = () => ModelGraph.Create("b", g => g.Input("y", TensorShape.Of(4)).Add(foreign!));
        act.Should().Throw<GraphEditException>().WithMessage("*another graph builder*");
    }

    [Fact]
    public void Summary_parameter_total_matches_the_real_modules()
    {
        foreach (var graph in new[] { SeedGraphs.FashionCnn(), SeedGraphs.Residual() })
        {
            var analysis = graph.Analyze();
            long real = 0;
            foreach (var id in analysis.TopologicalOrder)
            {
                var info = analysis.Nodes[id];
                using var module = info.Kind!.Build(graph[id].Settings, [.. info.InputShapes.Select(s => s!)]);
                real += module.parameters().Sum(p => p.numel());
            }

            var summary = graph.Summary();
            summary.TotalParameters.Should().Be(real, graph.Name);
            summary.TrainableParameters.Should().Be(real);
        }

        SeedGraphs.FashionCnn().Summary().TotalParameters.Should().Be(93_322);
    }

    [Fact]
    public void Summary_prints_one_row_per_component_with_shapes_params_and_inputs()
    {
        string table = SeedGraphs.FashionCnn().Summary().ToString();
        table.Should().Contain("Model: \"fashion-cnn\"");
        table.Should().MatchRegex(@"conv2d_2\s+Convolution\s+\(64, 11, 11\)\s+18,496\s+max_pool2d_1");
        table.Should().MatchRegex(@"classification_1\s+Classification\s+\(\)\s+0\s+dense_2, label");
        table.Should().Contain("Total params: 93,322");
        table.Should().Contain("Trainable params: 93,322");
    }

    [Fact]
    public void Summary_of_an_invalid_graph_shows_unknown_shapes_and_the_errors()
    {
        var graph = SeedGraphs.FashionCnn().UpdateSettings<DenseSettings>("dense_2", s => s with { Units = 7 });
        string table = graph.Summary().ToString();
        table.Should().MatchRegex(@"classification_1\s+Classification\s+\?");
        table.Should().Contain(GraphDiagnosticCodes.ShapeMismatch);
    }

    [Fact]
    public void The_seed_cnn_runs_end_to_end_through_its_modules()
    {
        var graph = SeedGraphs.FashionCnn();
        var analysis = graph.Analyze();
        using var scope = NewDisposeScope();
        var values = new Dictionary<NodeId, Tensor>
        {
            [new NodeId("image")] = rand(2, 1, 28, 28),
            [new NodeId("label")] = tensor(new long[] { 1, 7 }),
        };
        foreach (var id in analysis.TopologicalOrder)
        {
            var info = analysis.Nodes[id];
            var node = graph[id];
            var kind = info.Kind!;
            var module = kind.Build(node.Settings, [.. info.InputShapes.Select(s => s!)]);
            var ports = kind.GetInputPorts(node.Settings).Select(p => p.Name).ToList();
            var inputs = kind.IsSource
                ? [values[id]]
                : graph.InputsOf(id).OrderBy(c => ports.IndexOf(c.To.Port)).Select(c => values[c.From.Node]).ToList();
            values[id] = module.call(inputs);
        }

        float loss = values[new NodeId("classification_1")].item<float>();
        loss.Should().BeGreaterThan(0).And.BeLessThan(10);
    }
}
