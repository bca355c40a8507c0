using Percepti.Core.Components;
using Percepti.Core.Graph;
using static TorchSharp.torch;

namespace Percepti.Core.Tests.Components;

/// <summary>
/// A per-sample scalar (one number per row, a [batch] tensor) reaching any built-in kind either is refused by
/// shape inference, so validation reports it on the node, or runs and gives the inferred shape: never a graph
/// that validates and then fails inside libtorch.
/// </summary>
public sealed class ScalarInputTests
{
    public static TheoryData<string> SingleInputKinds()
    {
        var data = new TheoryData<string>();
        foreach (var kind in ComponentCatalog.Default.Kinds.Where(k => !k.IsSource && k.GetInputPorts(k.DefaultSettings).Count == 1))
        {
            data.Add(kind.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SingleInputKinds))]
    public void A_scalar_input_is_refused_at_validation_or_runs_as_inferred(string kindName)
    {
        var kind = ComponentCatalog.Default.Get(kindName);
        var settings = kind.DefaultSettings;
        TensorShape inferred;
        try
        {
            inferred = kind.InferOutputShape(settings, [TensorShape.Scalar]);
        }
        catch (ComponentShapeException)
        {
            return;   // refused before anything runs: the graph shows a diagnostic on the node
        }

        using var scope = NewDisposeScope();
        using var module = kind.Build(settings, [TensorShape.Scalar]);
        module.eval();
        var act = () => module.call([rand(3) + 0.1]);
        var output = act.Should().NotThrow($"{kindName} accepted a scalar at validation, so it must run").Subject;
        output.shape.Should().Equal(kind.IsHead ? [] : inferred.ToInt64Array(3));
    }

    [Fact]
    public void Flatten_of_a_scalar_is_a_validation_diagnostic_on_the_node()
    {
        var graph = ModelGraph.Create("scalar", g => g.Input("x", TensorShape.Scalar).Flatten(name: "flat").Dense(1));
        var diagnostics = graph.Validate();
        diagnostics.Should().Contain(d => d.NodeId == new NodeId("flat") && d.Severity == DiagnosticSeverity.Error && d.Message.Contains("a scalar"));
    }
}
