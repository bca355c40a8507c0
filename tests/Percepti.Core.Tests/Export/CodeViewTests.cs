using System.Reflection;
using Percepti.Core.Components;
using Percepti.Core.Export;
using Percepti.Core.Graph;
using Percepti.Core.Tests.Components;
using Percepti.Core.Training;
using static TorchSharp.torch;

namespace Percepti.Core.Tests.Export;

public sealed class CodeViewTests : IClassFixture<CodeViewTests.CompiledCases>, IClassFixture<ModelPackageTests.TrainedFixture>
{
    private readonly CompiledCases _cases;
    private readonly ModelPackageTests.TrainedFixture _trained;

    public CodeViewTests(CompiledCases cases, ModelPackageTests.TrainedFixture trained)
    {
        _cases = cases;
        _trained = trained;
    }

    [Theory]
    [MemberData(nameof(ComponentCases.Layers), MemberType = typeof(ComponentCases))]
    public void Generated_code_for_every_component_compiles_and_matches_with_the_same_weights(string name, string kind, ComponentSettings settings, TensorShape[] inputs, bool integerInputs)
    {
        using var module = GraphModule.Compile(ComponentCases.SingleComponent(kind, settings, inputs), seed: 3);
        using var generated = _cases.Create(name);
        using var scope = NewDisposeScope();
        manual_seed(5);
        var values = inputs.Select(shape => integerInputs ? randint(0, 5, shape.ToInt64Array(4)).to(ScalarType.Float32) : rand(shape.ToInt64Array(4)) + 0.5).ToArray();

        ShouldMatch(module, generated, values.Select((v, i) => ($"in{i}", v)).ToArray(), new NodeId("component"), name);
    }

    [Fact]
    public void The_seed_cnn_and_a_residual_graph_read_as_code_and_match()
    {
        foreach (var graph in new[] { SeedGraphs.FashionCnn(), SeedGraphs.Residual() })
        {
            string code = CodeView.CSharp(graph);
            foreach (var node in graph.Nodes.Where(n => n.Kind is not "Target" and not "Classification" and not "Input"))
            {
                code.Should().Contain($"// {node.Id} · {node.Kind}", "each component has a comment saying what it does");
            }

            var assembly = GeneratedCode.Compile([code]);
            using var module = GraphModule.Compile(graph, seed: 9);
            using var generated = GeneratedCode.Create(assembly, "Percepti.Generated." + (graph.Name == "fashion-cnn" ? "FashionCnnModel" : "ResidualModel"));
            using var scope = NewDisposeScope();
            var shape = ((Percepti.Core.Components.Kinds.InputSettings)graph.Nodes.Single(n => n.Kind == "Input").Settings).Shape;
            var head = module.Heads.Single();
            ShouldMatch(module, generated, [("image", rand(shape.ToInt64Array(3)))], module.Wiring(head).Prediction, graph.Name);
        }
    }

    [Fact]
    public void Generated_code_loads_the_weights_a_trained_model_saves()
    {
        using var files = new Data.TestFiles();
        string weights = files.Path("weights.bin");
        _trained.Model.SaveWeights(weights);
        var assembly = GeneratedCode.Compile([CodeView.CSharp(_trained.Model.Graph, new CodeViewOptions { ClassName = "Mlp", Namespace = "Trained" })]);
        using var generated = GeneratedCode.Create(assembly, "Trained.Mlp");
        generated.load(weights);
        generated.eval();
        _trained.Model.Module.eval();

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var batch = randn(5, 1, 28, 28);
        var expected = _trained.Model.Module.Run(new Dictionary<string, Tensor> { ["image"] = batch })[new NodeId("dense_2")];
        GeneratedCode.Forward(generated, batch).allclose(expected, rtol: 0, atol: 1e-6).Should().BeTrue();
    }

    [Fact]
    public void Two_inputs_and_two_heads_become_a_forward_with_two_arguments_returning_both_outputs()
    {
        var graph = ModelGraph.Create("two-heads", g =>
        {
            var a = g.Input("a", TensorShape.Of(5));
            var b = g.Input("b", TensorShape.Of(3));
            var joined = g.Concat(a.Dense(4, Activation.GELU), b, axis: 0);
            g.Classification(joined.Dense(3, name: "classes"), g.Target("label", classes: 3));
            g.Regression(joined.Dense(2, name: "values"), g.Target("y", TensorShape.Of(2)));
        });
        using var module = GraphModule.Compile(graph, seed: 6);
        using var generated = GeneratedCode.Create(GeneratedCode.Compile([CodeView.CSharp(graph)]), "Percepti.Generated.TwoHeadsModel");
        using var files = new Data.TestFiles();
        string weights = files.Path("weights.bin");
        module.save(weights);
        generated.load(weights);
        module.eval();
        generated.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (a, b) = (randn(4, 5), randn(4, 3));

        var outputs = (Tensor[])generated.GetType().GetMethod("forward")!.Invoke(generated, [a, b])!;

        var expected = module.Run(new Dictionary<string, Tensor> { ["a"] = a, ["b"] = b });
        outputs.Should().HaveCount(2);
        outputs[0].allclose(expected[new NodeId("classes")], rtol: 0, atol: 1e-6).Should().BeTrue();
        outputs[1].allclose(expected[new NodeId("values")], rtol: 0, atol: 1e-6).Should().BeTrue();
    }

    [Fact]
    public void Node_ids_that_are_keywords_or_names_the_generated_class_uses_still_compile()
    {
        var graph = ModelGraph.Create("names", g =>
        {
            var x = g.Input("tensor", TensorShape.Of(4));
            var a = x.Dense(3, name: "class");
            var b = x.Dense(3, name: "Component");
            var joined = g.Concat(a, b, axis: 0, name: "cat");
            g.Regression(joined.Dense(1, name: "nn"), g.Target("y", TensorShape.Of(1)));
        });
        using var module = GraphModule.Compile(graph, seed: 8);
        using var generated = GeneratedCode.Create(GeneratedCode.Compile([CodeView.CSharp(graph)]), "Percepti.Generated.NamesModel");
        using var scope = NewDisposeScope();

        ShouldMatch(module, generated, [("tensor", randn(3, 4))], new NodeId("nn"), "renamed identifiers");
    }

    [Fact]
    public void A_custom_component_becomes_a_placeholder_that_names_it()
    {
        var graph = ScaleComponent.ExampleGraph();

        string code = CodeView.CSharp(graph);
        using var generated = GeneratedCode.Create(GeneratedCode.Compile([code]), "Percepti.Generated.CustomModel");
        using var input = ones(2, 4);
        var call = () => GeneratedCode.Forward(generated, input);

        call.Should().Throw<TargetInvocationException>().WithInnerException<NotImplementedException>().WithMessage("*'double-it'*'Scale'*");
    }

    [Fact]
    public void Outputs_that_need_training_only_components_are_refused()
    {
        var graph = SeedGraphs.FashionCnn();
        var head = graph.Nodes.Single(n => n.Kind == "Classification").Id;

        var act = () => CodeView.CSharp(graph, new CodeViewOptions { Outputs = [head] });

        act.Should().Throw<ArgumentException>().WithMessage($"*only for training*'label' (Target)*'{head}' (Classification)*");
    }

    private static void ShouldMatch(GraphModule module, nn.Module generated, (string Name, Tensor Value)[] inputs, NodeId output, string because)
    {
        using var files = new Data.TestFiles();
        string weights = files.Path("weights.bin");
        RunningStatistics.Randomize(module);
        module.save(weights);
        generated.load(weights);
        module.eval();
        generated.eval();
        using var noGrad = no_grad();
        var expected = module.Run(inputs.ToDictionary(i => i.Name, i => i.Value))[output];
        var actual = GeneratedCode.Forward(generated, [.. inputs.Select(i => i.Value)]);

        actual.shape.Should().Equal(expected.shape, because);
        actual.allclose(expected, rtol: 0, atol: 1e-6).Should().BeTrue($"{because}: generated code gives the graph's output, largest difference {(actual - expected).abs().max().item<float>()}");
    }

    /// <summary>The code of every component case, compiled once into one assembly.</summary>
    public sealed class CompiledCases
    {
        private readonly Assembly _assembly;

        public CompiledCases()
        {
            var sources = ComponentCases.Layers().Select(row =>
            {
                var graph = ComponentCases.SingleComponent((string)row[1], (ComponentSettings)row[2], (TensorShape[])row[3]);
                return CodeView.CSharp(graph, new CodeViewOptions { Outputs = ["component"], ClassName = ClassName((string)row[0]), Namespace = "Cases" });
            });
            _assembly = GeneratedCode.Compile(sources);
        }

        public nn.Module Create(string caseName) => GeneratedCode.Create(_assembly, "Cases." + ClassName(caseName));

        private static string ClassName(string caseName) => "Case_" + caseName.Replace('-', '_');
    }
}
