using Percepti.Core.Components;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Graph;
using TorchSharp;
using static TorchSharp.torch;

namespace Percepti.Core.Tests.Components;

/// <summary>Every kind's shape inference and parameter count against the real TorchSharp module.</summary>
public sealed class CatalogShapeTests
{
    [Theory]
    [MemberData(nameof(ComponentCases.All), MemberType = typeof(ComponentCases))]
    public void Inferred_shape_and_parameter_count_match_the_built_module(string name, string kindName, ComponentSettings settings, TensorShape[] inputs, bool integerInputs)
    {
        var kind = ComponentCatalog.Default.Get(kindName);
        kind.Validate(settings).Should().BeEmpty(name);
        var expected = kind.InferOutputShape(settings, inputs);
        long expectedParameters = kind.CountParameters(settings, inputs);
        const int batch = 3;

        using var scope = NewDisposeScope();
        manual_seed(7);
        using var module = kind.Build(settings, inputs);
        module.eval();
        var values = kind.IsSource
            ? [SourceValue(kindName, settings, expected, batch, integerInputs)]
            : inputs.Select(shape => integerInputs
                ? randint(0, 5, shape.ToInt64Array(batch))
                : rand(shape.ToInt64Array(batch)) + 0.1).ToList();

        var output = module.call(values);

        // Heads reduce over the batch to one loss value; every other kind keeps the batch.
        long[] wanted = kind.IsHead ? [] : expected.ToInt64Array(batch);
        output.shape.Should().Equal(wanted, name);
        module.parameters().Sum(p => p.numel()).Should().Be(expectedParameters, name);
    }

    [Fact]
    public void Every_built_in_kind_is_covered_by_a_case()
    {
        var covered = ComponentCases.All().Select(row => (string)row[1]).ToHashSet();
        ComponentCatalog.Default.Kinds.Select(k => k.Name).Should().BeSubsetOf(covered);
    }

    private static Tensor SourceValue(string kind, ComponentSettings settings, TensorShape output, int batch, bool integer) =>
        kind == "Target" && settings is TargetSettings { Classes: > 0 } target && integer
            ? randint(0, target.Classes, [batch])
            : rand(output.ToInt64Array(batch));
}
