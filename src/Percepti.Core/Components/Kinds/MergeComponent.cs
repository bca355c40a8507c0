using Percepti.Core.Components.Modules;
using Percepti.Core.Graph;
using static TorchSharp.torch;

namespace Percepti.Core.Components.Kinds;

/// <summary>Combines two or more inputs: add, subtract, multiply, divide or concatenate.</summary>
internal sealed class MergeComponent() : ComponentKind<MergeSettings>(new MergeSettings(MergeOperation.Add, 2, 0))
{
    /// <inheritdoc />
    public override string Name => "Merge";

    /// <inheritdoc />
    public override ComponentCategory Category => ComponentCategory.Operations;

    /// <inheritdoc />
    public override string Description => "Combines inputs element-wise (add, subtract, multiply, divide; equal shapes) or joins them along an axis (concatenate).";

    /// <inheritdoc />
    protected override IEnumerable<SettingDescriptor> DescribeSettings() =>
    [
        SettingDescriptor.Choice<MergeSettings, MergeOperation>("operation", "Operation", "How the inputs are combined.", s => s.Operation, (s, v) => s with { Operation = v }),
        SettingDescriptor.Integer<MergeSettings>("inputs", "Inputs", "How many inputs to combine.", s => s.Inputs, (s, v) => s with { Inputs = v }, 2, MergeSettings.MaxInputs),
        SettingDescriptor.Integer<MergeSettings>("axis", "Axis", "For concatenation: the per-sample axis (0 = channels/features; negative counts from the end).", s => s.Axis, (s, v) => s with { Axis = v }, -8, 7),
    ];

    /// <inheritdoc />
    protected override IReadOnlyList<PortDefinition> InputPortsCore(MergeSettings settings) =>
        [.. Enumerable.Range(0, Math.Clamp(settings.Inputs, 2, MergeSettings.MaxInputs)).Select(i => new PortDefinition(MergeSettings.PortName(i), $"Input {i + 1} to combine."))];

    /// <inheritdoc />
    protected override TensorShape InferOutputShapeCore(MergeSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        var first = inputs[0];
        if (settings.Operation != MergeOperation.Concatenate)
        {
            for (int i = 1; i < inputs.Count; i++)
            {
                if (inputs[i] != first)
                {
                    throw new ComponentShapeException($"Merge ({settings.Operation}) needs equal shapes, but {MergeSettings.PortName(0)} is {first} and {MergeSettings.PortName(i)} is {inputs[i]}.", MergeSettings.PortName(i));
                }
            }

            return first;
        }

        ShapeRules.RequireRank(Name, first, 1, 8, MergeSettings.PortName(0), "at least one axis to concatenate along");
        int axis = ShapeRules.NormalizeAxis(Name, settings.Axis, first.Rank, MergeSettings.PortName(0));
        long total = first[axis];
        for (int i = 1; i < inputs.Count; i++)
        {
            var shape = inputs[i];
            bool compatible = shape.Rank == first.Rank && Enumerable.Range(0, first.Rank).All(a => a == axis || shape[a] == first[a]);
            if (!compatible)
            {
                throw new ComponentShapeException($"Merge (Concatenate on axis {axis}) needs shapes equal except on that axis, but {MergeSettings.PortName(0)} is {first} and {MergeSettings.PortName(i)} is {shape}.", MergeSettings.PortName(i));
            }

            total += shape[axis];
        }

        return first.With(axis, checked((int)total));
    }

    /// <inheritdoc />
    protected override ComponentModule BuildCore(MergeSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        return settings.Operation switch
        {
            MergeOperation.Add => new FunctionModule(Name, xs => Fold(xs, (a, b) => a + b)),
            MergeOperation.Subtract => new FunctionModule(Name, xs => Fold(xs, (a, b) => a - b)),
            MergeOperation.Multiply => new FunctionModule(Name, xs => Fold(xs, (a, b) => a * b)),
            MergeOperation.Divide => new FunctionModule(Name, xs => Fold(xs, (a, b) => a / b)),
            _ => ConcatenateModule(settings, inputs[0].Rank),
        };
    }

    private FunctionModule ConcatenateModule(MergeSettings settings, int rank)
    {
        long axis = ShapeRules.NormalizeAxis(Name, settings.Axis, rank, MergeSettings.PortName(0)) + 1;
        return new FunctionModule(Name, xs => cat([.. xs], axis));
    }

    private static Tensor Fold(IReadOnlyList<Tensor> inputs, Func<Tensor, Tensor, Tensor> operation)
    {
        var result = inputs[0];
        for (int i = 1; i < inputs.Count; i++)
        {
            result = operation(result, inputs[i]);
        }

        return result;
    }
}
