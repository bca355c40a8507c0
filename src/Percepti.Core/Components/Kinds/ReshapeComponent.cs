using Percepti.Core.Components.Modules;
using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Gives each sample a new shape with the same number of elements.</summary>
internal sealed class ReshapeComponent() : ComponentKind<ReshapeSettings>(new ReshapeSettings(IntegerList.Of(-1)))
{
    /// <inheritdoc />
    public override string Name => "Reshape";

    /// <inheritdoc />
    public override ComponentCategory Category => ComponentCategory.Processing;

    /// <inheritdoc />
    public override string Description => "Gives each sample a new shape with the same number of elements; one dimension may be -1 to be inferred.";

    /// <inheritdoc />
    protected override IEnumerable<SettingDescriptor> DescribeSettings() =>
    [
        SettingDescriptor.IntegerList<ReshapeSettings>("shape", "Shape", "The new per-sample shape; one dimension may be -1.", s => s.Shape, (s, v) => s with { Shape = IntegerList.From(v) }, 1, 8, -1, int.MaxValue),
    ];

    /// <inheritdoc />
    protected override IEnumerable<SettingError> ValidateCore(ReshapeSettings settings)
    {
        if (settings.Shape.Contains(0))
        {
            yield return new SettingError("shape", "Shape dimensions must be at least 1, or -1 for one inferred dimension");
        }

        if (settings.Shape.Count(d => d == -1) > 1)
        {
            yield return new SettingError("shape", "Only one dimension of Shape may be -1");
        }
    }

    /// <inheritdoc />
    protected override TensorShape InferOutputShapeCore(ReshapeSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        long total = inputs[0].ElementCount;
        long known = 1;
        foreach (int d in settings.Shape.Where(d => d > 0))
        {
            known = checked(known * d);
        }

        if (settings.Shape.Contains(-1))
        {
            if (total % known != 0)
            {
                throw new ComponentShapeException($"Reshape cannot turn {inputs[0]} ({total} elements) into {settings.Shape}: {total} is not divisible by {known}.", "input");
            }

            return TensorShape.Of(settings.Shape.Select(d => d == -1 ? checked((int)(total / known)) : d));
        }

        if (known != total)
        {
            throw new ComponentShapeException($"Reshape cannot turn {inputs[0]} ({total} elements) into {settings.Shape} ({known} elements).", "input");
        }

        return TensorShape.Of(settings.Shape);
    }

    /// <inheritdoc />
    protected override ComponentModule BuildCore(ReshapeSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        long[] shape = InferOutputShapeCore(settings, inputs).ToInt64Array(batch: -1);
        return FunctionModule.Unary(Name, x => x.reshape(shape));
    }
}
