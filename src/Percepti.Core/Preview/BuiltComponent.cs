using Percepti.Core.Components;

namespace Percepti.Core.Preview;

/// <summary>A component's module, built once per id, kind, settings and input shapes, with its weight statistics.</summary>
internal sealed class BuiltComponent(ComponentModule module, long parameterCount, IReadOnlyList<WeightStatistics> weights) : IDisposable
{
    public ComponentModule Module { get; } = module;

    public long ParameterCount { get; } = parameterCount;

    public IReadOnlyList<WeightStatistics> Weights { get; } = weights;

    public void Dispose() => Module.Dispose();
}
