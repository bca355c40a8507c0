using Percepti.Core.Components;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Graph;

namespace Percepti.Core.Tests.Graph;

public sealed class ValidationTests
{
    [Fact]
    public void The_seed_cnn_is_valid()
    {
        var analysis = SeedGraphs.FashionCnn().Analyze();
        analysis.IsValid.Should().BeTrue(string.Join("; ", analysis.Diagnostics));
        analysis.Diagnostics.Should().BeEmpty();
    }

    [Fact]
    public void A_connection_that_would_close_a_cycle_is_rejected_and_the_graph_is_unchanged()
    {
        var graph = ModelGraph.Empty("g")
            .AddNode("Dense", "a").AddNode("Dense", "b").AddNode("Dense", "c")
            .Connect("a", "output", "b", "input")
            .Connect("b", "output", "c", "input");

        var act = () => graph.Connect("c", "output", "a", "input");

        act.Should().Throw<GraphCycleException>()
            .Which.Cycle.Select(id => id.Value).Should().Equal("a", "b", "c", "a");
        graph.Connections.Should().HaveCount(2);
    }

    [Fact]
    public void A_self_loop_is_rejected()
    {
        var graph = ModelGraph.Empty("g").AddNode("Merge", "m");
        var act = () => graph.Connect("m", "output", "m", MergeSettings.PortName(0));
        act.Should().Throw<GraphCycleException>();
    }

    [Fact]
    public void Shape_mismatch_names_both_shapes_node_and_port()
    {
        var graph = ModelGraph.Create("bad", g =>
        {
            var a = g.Input("a", TensorShape.Of(3, 8, 8));
            var b = g.Input("b", TensorShape.Of(4, 8, 8));
            a.Add(b, name: "sum");
        });

        var error = graph.Validate().Should().ContainSingle(d => d.Code == GraphDiagnosticCodes.ShapeMismatch).Subject;
        error.NodeId.Should().Be(new NodeId("sum"));
        error.Port.Should().Be("input2");
        error.Message.Should().Contain("(3, 8, 8)").And.Contain("(4, 8, 8)");
    }

    [Fact]
    public void Missing_inputs_are_reported_per_port_and_block_inference_downstream()
    {
        var graph = ModelGraph.Empty("g")
            .AddNode("Input", "x", new InputSettings(TensorShape.Of(4)))
            .AddNode("Classification", "head")
            .Connect("x", "output", "head", "logits");

        var analysis = graph.Analyze();
        analysis.Diagnostics.Should().ContainSingle(d => d.Code == GraphDiagnosticCodes.MissingInput)
            .Which.Port.Should().Be("target");
        analysis.Nodes[new NodeId("head")].OutputShape.Should().BeNull();
        analysis.Nodes[new NodeId("x")].OutputShape.Should().Equal(4);
    }

    [Fact]
    public void Invalid_settings_are_reported_with_the_setting_name()
    {
        var graph = ModelGraph.Empty("g")
            .AddNode("Input", "x", new InputSettings(TensorShape.Of(4)))
            .AddNode("Dense", "d", new DenseSettings(0, Activation.None, true))
            .Connect("x", "output", "d", "input");

        var error = graph.Validate().Should().ContainSingle(d => d.Code == GraphDiagnosticCodes.InvalidSetting).Subject;
        error.NodeId.Should().Be(new NodeId("d"));
        error.Setting.Should().Be("units");
        error.Message.Should().Contain("at least 1");
    }

    [Fact]
    public void Unknown_kinds_duplicate_inputs_unknown_ports_and_cycles_loaded_from_a_file_are_diagnostics()
    {
        // A graph is only allowed to be in these states when it comes from outside (JSON, code that bypasses Connect).
        var catalog = ComponentCatalog.CreateDefault();
        string json = """
        {
          "schemaVersion": 1, "name": "broken",
          "nodes": [
            { "id": "x", "kind": "Input", "settings": { "shape": [4] } },
            { "id": "y", "kind": "Input", "settings": { "shape": [4] } },
            { "id": "d", "kind": "Dense" },
            { "id": "e", "kind": "Dense" },
            { "id": "f", "kind": "Dense" }
          ],
          "connections": [
            { "from": { "node": "x", "port": "output" }, "to": { "node": "d", "port": "input" } },
            { "from": { "node": "y", "port": "output" }, "to": { "node": "d", "port": "input" } },
            { "from": { "node": "d", "port": "output" }, "to": { "node": "d", "port": "nope" } },
            { "from": { "node": "e", "port": "output" }, "to": { "node": "f", "port": "input" } },
            { "from": { "node": "f", "port": "output" }, "to": { "node": "e", "port": "input" } }
          ]
        }
        """;
        var graph = GraphJson.Deserialize(json, catalog);
        var unknown = graph.AddNode(new GraphNode("z", "NoSuchKind", new DenseSettings(1, Activation.None, true), "z", default));

        var diagnostics = unknown.Validate();
        diagnostics.Should().Contain(d => d.Code == GraphDiagnosticCodes.DuplicateInput && d.NodeId == new NodeId("d") && d.Port == "input");
        diagnostics.Should().Contain(d => d.Code == GraphDiagnosticCodes.UnknownPort && d.NodeId == new NodeId("d") && d.Port == "nope");
        diagnostics.Should().Contain(d => d.Code == GraphDiagnosticCodes.Cycle && d.NodeId == new NodeId("e"));
        diagnostics.Should().Contain(d => d.Code == GraphDiagnosticCodes.Cycle && d.NodeId == new NodeId("f"));
        diagnostics.Should().Contain(d => d.Code == GraphDiagnosticCodes.UnknownKind && d.NodeId == new NodeId("z"));
        unknown.Analyze().IsValid.Should().BeFalse();
    }

    [Fact]
    public void Independent_branches_still_get_shapes_when_one_branch_is_broken()
    {
        var graph = ModelGraph.Create("two", g =>
        {
            var x = g.Input("x", TensorShape.Of(3, 8, 8));
            x.Conv2D(4, 3, name: "good");
            x.Conv2D(4, 11, name: "too_big").Flatten(name: "after");
        });

        var analysis = graph.Analyze();
        analysis.Nodes[new NodeId("good")].OutputShape.Should().Equal(4, 6, 6);
        analysis.Nodes[new NodeId("after")].OutputShape.Should().BeNull();
        analysis.Errors.Should().ContainSingle().Which.NodeId.Should().Be(new NodeId("too_big"));
    }

    [Fact]
    public void A_graph_without_a_head_gets_a_warning_not_an_error()
    {
        var graph = ModelGraph.Create("nohead", g => g.Input("x", TensorShape.Of(4)).Dense(2));
        var analysis = graph.Analyze();
        analysis.IsValid.Should().BeTrue();
        analysis.Diagnostics.Should().ContainSingle(d => d.Code == GraphDiagnosticCodes.NoHead && d.Severity == DiagnosticSeverity.Warning);
    }

    [Fact]
    public void Classification_checks_logits_against_the_target_classes()
    {
        var graph = ModelGraph.Create("mismatch", g =>
        {
            var x = g.Input("x", TensorShape.Of(8));
            var y = g.Target("y", classes: 10);
            g.Classification(x.Dense(7), y, name: "head");
        });

        graph.Validate().Should().ContainSingle(d => d.Code == GraphDiagnosticCodes.ShapeMismatch)
            .Which.Message.Should().Contain("(7,)").And.Contain("(10,)");
    }

    [Fact]
    public void Ids_that_differ_only_in_dot_and_underscore_clash_as_module_names_and_are_reported()
    {
        var clash = ModelGraph.Create("clash", g => g.Regression(g.Input("x", TensorShape.Of(3)).Dense(4, name: "dense.1").Dense(1, name: "dense_1"), g.Target("y", TensorShape.Of(1))));
        clash.Validate().Should().ContainSingle(d => d.Code == GraphDiagnosticCodes.ModuleNameClash)
            .Which.Message.Should().Contain("'dense_1' and 'dense.1' would both be the module 'dense_1'");
        var compile = () => Percepti.Core.Training.GraphModule.Compile(clash);
        compile.Should().Throw<Percepti.Core.Graph.GraphValidationException>().WithMessage("*dense_1*");
        clash.NewNodeId("dense").Value.Should().Be("dense_2", "a fresh id is fresh as a module name too");

        var distinct = ModelGraph.Create("distinct", g => g.Regression(g.Input("x", TensorShape.Of(3)).Dense(4, name: "dense-1").Dense(1, name: "dense_1"), g.Target("y", TensorShape.Of(1))));
        distinct.Validate().Should().BeEmpty("'-' is kept in module names");
        using var module = Percepti.Core.Training.GraphModule.Compile(distinct);
        module.named_parameters().Select(p => p.name).Should().Contain(["dense-1.layer.weight", "dense_1.layer.weight"]);
    }
}
