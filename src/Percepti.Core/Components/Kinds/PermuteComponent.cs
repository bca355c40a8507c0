using Percepti.Core.Components.Modules;
using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Reorders the per-sample axes.</summary>
internal sealed class PermuteComponent() : ComponentKind<PermuteSettings>(new PermuteSettings(IntegerList.Of(1, 2, 0)))
{
    /// <inheritdoc />
    public override string Name => "Permute";

    /// <inheritdoc />
    public override ComponentCategory Category => ComponentCategory.Processing;

    /// <inheritdoc />
    public override string Description => "Reorders the per-sample axes, e.g. [1, 2, 0] turns C×H×W into H×W×C.";

    /// <inheritdoc />
    protected override IEnumerable<SettingDescriptor> DescribeSettings() =>
    [
        SettingDescriptor.IntegerList<PermuteSettings>("order", "Order", "The new order of the per-sample axes (a permutation of 0 … rank-1).", s => s.Order, (s, v) => s with { Order = IntegerList.From(v) }, 1, 8, 0, 7),
    ];

    /// <inheritdoc />
    protected override IEnumerable<SettingError> ValidateCore(PermuteSettings settings)
    {
        if (!settings.Order.Order().SequenceEqual(Enumerable.Range(0, settings.Order.Count)))
        {
            yield return new SettingError("order", $"Order {settings.Order} must name each axis 0 to {settings.Order.Count - 1} exactly once");
        }
    }

    /// <inheritdoc />
    protected override TensorShape InferOutputShapeCore(PermuteSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        var input = inputs[0];
        if (input.Rank != settings.Order.Count)
        {
            throw new ComponentShapeException($"Permute order {settings.Order} has {settings.Order.Count} axes, but the input {input} has rank {input.Rank}.", "input");
        }

        return TensorShape.Of(settings.Order.Select(axis => input[axis]));
    }

    /// <inheritdoc />
    protected override ComponentModule BuildCore(PermuteSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        long[] order = [0, .. settings.Order.Select(a => (long)a + 1)];
        return FunctionModule.Unary(Name, x => x.permute(order));
    }
}
