using Percepti.Core.Components;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Data;
using Percepti.Core.Graph;
using Percepti.Core.Tests.Data;
using Percepti.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Percepti.Core.Tests.Training;

public sealed class GraphModuleTests
{
    [Fact]
    public void The_compiled_module_has_exactly_the_summary_parameter_count()
    {
        foreach (var graph in new[] { SeedGraphs.FashionCnn(), SeedGraphs.Residual() })
        {
            using var module = GraphModule.Compile(graph);
            module.ParameterCount.Should().Be(graph.Summary().TotalParameters, graph.Name);
            module.named_children().Should().HaveCount(graph.Nodes.Count, "every component is registered explicitly");
        }
    }

    [Fact]
    public void Saved_state_holds_each_weight_once_under_its_registered_name()
    {
        var graph = ModelGraph.Create("every-layer", g =>
        {
            var x = g.Input("x", TensorShape.Of(3, 8));
            var sequence = g.Component("Recurrent", new RecurrentSettings(RecurrentCell.LSTM, 4, 1, false, true), [x]);
            var normalized = g.Component("BatchNorm", null, [g.Component("LayerNorm", null, [sequence])]);
            var features = g.Component("Convolution", new ConvolutionComponent().Defaults with { Dimensions = 1 }, [normalized]);
            g.Regression(features.Flatten().Dense(1), g.Target("y", TensorShape.Of(1)));
        });
        using var module = GraphModule.Compile(graph);

        var expected = module.named_parameters().Select(p => p.name).Concat(module.named_buffers().Select(b => b.name));

        module.state_dict().Keys.Should().BeEquivalentTo(expected, "reflection over private fields must not register layers a second time");
        module.state_dict().Keys.Should().NotContain(k => k.Contains("._", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_with_kept_outputs_gives_the_same_values_and_frees_the_rest_early()
    {
        using var module = GraphModule.Compile(SeedGraphs.Residual(), seed: 4);
        module.eval();
        var prediction = module.Wiring(module.Heads[0]).Prediction;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var values = new Dictionary<string, Tensor> { ["image"] = rand(2, 3, 16, 16), ["label"] = randint(0, 4, [2]) };
        var all = module.Run(values);

        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var kept = module.Run(values, [prediction, module.Heads[0]]);
        long held = DisposeScopeManager.Statistics.ThreadTotalLiveCount - before;

        kept.Keys.Should().BeEquivalentTo([prediction, module.Heads[0]]);
        kept[prediction].allclose(all[prediction]).Should().BeTrue();
        kept[module.Heads[0]].item<float>().Should().Be(all[module.Heads[0]].item<float>());
        held.Should().BeLessThan(all.Count, "outputs no one kept are freed as soon as their readers ran");
        values["image"].sum().item<float>().Should().BePositive("the caller's tensors are never freed");
    }

    [Fact]
    public void Run_never_frees_a_kept_output_that_an_identity_component_passes_through()
    {
        var graph = ModelGraph.Create("identity", g =>
        {
            var x = g.Input("x", TensorShape.Of(4));
            var dense = x.Dense(3, name: "dense");
            g.Regression(g.Component("Dropout", null, [dense], "dropout"), g.Target("y", TensorShape.Of(3)));
        });
        using var module = GraphModule.Compile(graph);
        module.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();

        var kept = module.Run(new Dictionary<string, Tensor> { ["x"] = ones(2, 4) }, [new NodeId("dropout")]);

        var read = () => kept[new NodeId("dropout")].sum().item<float>();
        read.Should().NotThrow("dropout at inference returns the dense output itself, which must stay valid");
        module.Run(new Dictionary<string, Tensor> { ["x"] = ones(2, 4) }, [new NodeId("dense"), new NodeId("dropout")]).Should().HaveCount(2);
    }

    [Fact]
    public void Run_computes_every_component_and_the_loss_is_the_sum_of_the_heads()
    {
        using var module = GraphModule.Compile(SeedGraphs.FashionCnn(), seed: 3);
        using var scope = NewDisposeScope();
        var outputs = module.Run(new Dictionary<string, Tensor> { ["image"] = rand(4, 1, 28, 28), ["label"] = tensor(new long[] { 0, 1, 2, 3 }) });
        outputs[new NodeId("dense_2")].shape.Should().Equal(4, 10);
        float loss = module.Loss(outputs).item<float>();
        loss.Should().BeApproximately(MathF.Log(10), 0.5f, "an untrained 10-class classifier is near chance");

        var prediction = module.Run(new Dictionary<string, Tensor> { ["image"] = rand(2, 1, 28, 28) });
        prediction.Should().ContainKey(new NodeId("dense_2")).And.NotContainKey(new NodeId("classification_1"), "without a target there is no loss");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Class_indices_and_one_hot_targets_give_the_same_loss(bool weighted)
    {
        var graph = SeedGraphs.FashionCnn();
        if (weighted)
        {
            graph = graph.UpdateSettings<ClassificationSettings>("classification_1", s => s with { ClassWeights = Percepti.Core.Graph.NumberList.Of(1, 2, 3, 4, 5, 1, 2, 3, 4, 5), LabelSmoothing = 0.1 });
        }

        using var module = GraphModule.Compile(graph, seed: 2);
        module.eval();
        using var scope = NewDisposeScope();
        var images = rand(6, 1, 28, 28);
        var labels = tensor(new long[] { 0, 3, 9, 3, 1, 7 });
        float fromIndices = module.Loss(module.Run(new Dictionary<string, Tensor> { ["image"] = images, ["label"] = labels })).item<float>();
        float fromOneHot = module.Loss(module.Run(new Dictionary<string, Tensor> { ["image"] = images, ["label"] = nn.functional.one_hot(labels, 10).to(ScalarType.Float32) })).item<float>();
        fromIndices.Should().BeApproximately(fromOneHot, 1e-5f);
    }

    [Fact]
    public void The_same_seed_gives_the_same_weights()
    {
        using var a = GraphModule.Compile(SeedGraphs.FashionCnn(), seed: 5);
        using var b = GraphModule.Compile(SeedGraphs.FashionCnn(), seed: 5);
        using var c = GraphModule.Compile(SeedGraphs.FashionCnn(), seed: 6);
        var pa = a.parameters().ToList();
        var pb = b.parameters().ToList();
        var pc = c.parameters().ToList();
        for (int i = 0; i < pa.Count; i++)
        {
            pa[i].allclose(pb[i], 0, 0).Should().BeTrue();
        }

        pa[0].allclose(pc[0], 0, 0).Should().BeFalse();
    }

    [Fact]
    public void An_invalid_graph_is_refused_with_its_diagnostics()
    {
        var graph = SeedGraphs.FashionCnn().UpdateSettings<DenseSettings>("dense_2", s => s with { Units = 7 });
        var act = () => GraphModule.Compile(graph);
        act.Should().Throw<GraphValidationException>().Which.Diagnostics.Should().ContainSingle(d => d.Code == GraphDiagnosticCodes.ShapeMismatch);
    }

    [Fact]
    public void A_few_sgd_steps_on_real_images_lower_the_loss()
    {
        var data = FashionMnist.Load(TestFiles.BundledDirectory).Subset([.. Enumerable.Range(0, 256)]);
        var loader = new DataLoader(data, Preprocessor.Fit(data), new DataLoaderOptions { BatchSize = 256, Shuffle = false });
        var batch = loader.ReadEpoch(0).Single();
        using var module = GraphModule.Compile(SeedGraphs.FashionCnn(), seed: 1);
        using var optimizer = optim.Adam(module.parameters(), lr: 0.003);
        float first = 0, last = 0;
        for (int step = 0; step < 30; step++)
        {
            using var scope = NewDisposeScope();
            var tensors = batch.ToTensors(CPU);
            optimizer.zero_grad();
            var loss = module.Loss(module.Run(tensors));
            loss.backward();
            optimizer.step();
            float value = loss.item<float>();
            if (step == 0)
            {
                first = value;
            }

            last = value;
        }

        last.Should().BeLessThan(first * 0.7f, $"30 Adam steps on one batch went from {first} to {last}");
    }
}
