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
                using var module = info.Kind!.Build(node.Settings, [.. info.InputShapes.Select(s => s!)]);
                var ports = info.Kind.GetInputPorts(node.Settings).Select(p => p.Name).ToList();
                var inputs = info.Kind.IsSource
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
}
