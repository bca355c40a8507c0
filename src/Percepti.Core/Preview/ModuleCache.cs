using Percepti.Core.Components;
using Percepti.Core.Components.Modules;
using Percepti.Core.Graph;
using TorchSharp;
using static TorchSharp.torch;

namespace Percepti.Core.Preview;

/// <summary>
/// Built modules by (node id, kind, settings, input shapes), bounded by count. Reusing a module keeps a
/// component's weights when only upstream values change. Used by the engine's worker thread only.
/// </summary>
internal sealed class ModuleCache(int capacity, long seed, Device device) : IDisposable
{
    private readonly Dictionary<(NodeId Node, string Kind, ComponentSettings Settings, string Shapes), LinkedListNode<((NodeId, string, ComponentSettings, string) Key, BuiltComponent Built)>> _modules = [];
    private readonly LinkedList<((NodeId, string, ComponentSettings, string) Key, BuiltComponent Built)> _recency = new();

    public BuiltComponent GetOrBuild(GraphNode node, ComponentKind kind, IReadOnlyList<TensorShape> inputs)
    {
        var key = (node.Id, node.Kind, node.Settings, string.Join("|", inputs.Select(s => s.ToString())));
        if (_modules.TryGetValue(key, out var existing))
        {
            _recency.Remove(existing);
            _recency.AddFirst(existing);
            return existing.Value.Built;
        }

        var module = kind.Build(node.Settings, inputs);
        try
        {
            var weights = new List<WeightStatistics>();
            long count = 0;

            // The module was built outside any scope so that it owns its parameters; temporaries die here.
            using (NewDisposeScope())
            {
                DeterministicInitializer.Initialize(module, DeterministicInitializer.SeedFor(seed, node.Id));
                module.to(device);
                module.eval();
                foreach (var (name, parameter) in module.named_parameters())
                {
                    count += parameter.numel();
                    var values = parameter.detach().to(ScalarType.Float32).cpu().contiguous();
                    weights.Add(new WeightStatistics(name, TensorShape.Of(parameter.shape.Select(d => (int)d)), TensorStatistics.Of(values.data<float>().ToArray())));
                }
            }

            var built = new BuiltComponent(module, count, weights);
            _modules[key] = _recency.AddFirst((key, built));
            while (_modules.Count > capacity && _recency.Last is { } last)
            {
                _modules.Remove(last.Value.Key);
                _recency.RemoveLast();
                last.Value.Built.Dispose();
            }

            return built;
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    public void RemoveNodesExcept(IReadOnlySet<NodeId> alive)
    {
        foreach (var key in _modules.Keys.Where(k => !alive.Contains(k.Node)).ToList())
        {
            _modules.Remove(key, out var node);
            _recency.Remove(node!);
            node!.Value.Built.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var node in _recency)
        {
            node.Built.Dispose();
        }

        _modules.Clear();
        _recency.Clear();
    }
}
