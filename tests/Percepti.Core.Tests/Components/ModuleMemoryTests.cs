using Percepti.Core.Components;
using Percepti.Core.Graph;
using TorchSharp;
using static TorchSharp.torch;

namespace Percepti.Core.Tests.Components;

public sealed class ModuleMemoryTests
{
    [Fact]
    public void Building_and_running_components_repeatedly_leaves_no_live_tensors()
    {
        var graph = SeedGraphs.Residual();
        var analysis = graph.Analyze();

        void RunOnce()
        {
            using var scope = NewDisposeScope();
            var values = new Dictionary<NodeId, Tensor>
            {
                [new NodeId("image")] = rand(2, 3, 16, 16),
                [new NodeId("label")] = tensor(new long[] { 0, 3 }),
            };
            foreach (var id in analysis.TopologicalOrder)
            {
                var info = analysis.Nodes[id];
                var node = graph[id];
                var kind = info.Kind!;
                using var module = kind.Build(node.Settings, [.. info.InputShapes.Select(s => s!)]);
                var ports = kind.GetInputPorts(node.Settings).Select(p => p.Name).ToList();
                var inputs = kind.IsSource
                    ? [values[id]]
                    : graph.InputsOf(id).OrderBy(c => ports.IndexOf(c.To.Port)).Select(c => values[c.From.Node]).ToList();
                values[id] = module.call(inputs);
            }
        }

        RunOnce();
        DisposeScopeManager.Statistics.Reset();
        for (int i = 0; i < 20; i++)
        {
            RunOnce();
        }

        var statistics = DisposeScopeManager.Statistics;
        statistics.ThreadTotalLiveCount.Should().Be(0, statistics.ToString());
    }

    [Theory]
    [InlineData("Convolution")]
    [InlineData("Dense")]
    public void A_component_keeps_only_its_output_alive(string kind)
    {
        var settings = kind == "Dense"
            ? (Percepti.Core.Graph.ComponentSettings)new Percepti.Core.Components.Kinds.DenseSettings(8, Percepti.Core.Components.Activation.ReLU, true)
            : new Percepti.Core.Components.Kinds.ConvolutionComponent().Defaults with { Filters = 4, Padding = Percepti.Core.Components.Kinds.ConvolutionPadding.Same, Stride = 2, Activation = Percepti.Core.Components.Activation.ReLU };
        var shape = kind == "Dense" ? TensorShape.Of(6) : TensorShape.Of(3, 8, 8);
        using var module = Percepti.Core.Graph.ComponentCatalog.Default.Get(kind).Build(settings, [shape]);
        using var scope = NewDisposeScope();
        var input = rand(shape.ToInt64Array(2));
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        var output = module.call([input]);

        // Padding and the pre-activation value are freed once read, as in a TorchSharp Sequential.
        (DisposeScopeManager.Statistics.ThreadTotalLiveCount - before).Should().Be(1);
        output.shape[0].Should().Be(2);
    }
}
