using Percepti.Core.Components;
using Percepti.Core.Graph;
using Percepti.Core.Preview;
using Percepti.Core.Training;

namespace Percepti.Core.Tests.Graph;

/// <summary>Valid graphs that would allocate many GB are diagnostics, found from shapes alone.</summary>
public sealed class GraphLimitsTests
{
    public static TheoryData<string> HugeGraphs() => ["65,536 filters", "2^20 dense units", "an input of (1048576, 28, 28)"];

    [Theory]
    [MemberData(nameof(HugeGraphs))]
    public async Task A_small_document_describing_a_huge_model_is_a_diagnostic_on_the_component_not_an_allocation(string name)
    {
        var built = ModelGraph.Create("huge", g =>
        {
            switch (name)
            {
                case "65,536 filters": g.Input("x", TensorShape.Of(3, 64, 64)).Conv2D(65_536, name: "wide"); break;
                case "2^20 dense units": g.Input("x", TensorShape.Of(784)).Dense(1 << 20, name: "wide"); break;
                default: g.Input("wide", TensorShape.Of(1 << 20, 28, 28)); break;
            }
        });
        string json = GraphJson.Serialize(built);
        json.Length.Should().BeLessThan(6_000, "a few KB of JSON");
        var graph = GraphJson.Deserialize(json);

        var limit = graph.Validate().Should().Contain(d => d.Code == GraphDiagnosticCodes.ResourceLimit && d.NodeId == new NodeId("wide"), name).Which;
        limit.Message.Should().Contain("GraphLimits.");
        var compile = () => GraphModule.Compile(graph);
        compile.Should().Throw<GraphValidationException>(name).Which.Diagnostics.Should().Contain(d => d.Code == GraphDiagnosticCodes.ResourceLimit);

        using var previews = new PreviewEngine(graph, PreviewSample.Random(ModelGraph.Create("tiny", g => g.Input("x", TensorShape.Of(1)))));
        var snapshot = await previews.StabilizeAsync().WaitAsync(TimeSpan.FromMinutes(1));
        snapshot.Previews[new NodeId("wide")].Status.Should().Be(PreviewStatus.Error, name);
    }

    [Fact]
    public async Task Limits_are_configurable_for_analysis_training_and_previews()
    {
        var graph = ModelGraph.Create("mlp", g => g.Regression(g.Input("x", TensorShape.Of(8)).Dense(64, name: "hidden").Dense(1), g.Target("y", TensorShape.Of(1))));
        graph.Validate().Should().BeEmpty("the defaults are far above a small MLP");
        var tight = new GraphLimits { MaxParameters = 100 };
        graph.Analyze(tight).Errors.Should().ContainSingle().Which.Message.Should().Contain("641 parameters").And.Contain("'hidden' alone has 576");
        graph.Analyze(new GraphLimits { MaxOutputBytes = 100 }).Errors.Should().ContainSingle(d => d.NodeId == new NodeId("hidden"), "64 floats are 256 bytes");

        var data = Percepti.Core.Data.Dataset.FromArrays(
            (new Percepti.Core.Data.DatasetColumn("x", Percepti.Core.Data.ColumnKind.Tensor, TensorShape.Of(8), Percepti.Core.Data.ColumnRole.Input), new float[80]),
            (new Percepti.Core.Data.DatasetColumn("y", Percepti.Core.Data.ColumnKind.Tensor, TensorShape.Of(1), Percepti.Core.Data.ColumnRole.Target), new float[10]));
        using var run = Trainer.Start(graph, data.Split(train: 0.8, validation: 0.2), new TrainingOptions { Limits = tight });
        var act = () => run.Completion.WaitAsync(TimeSpan.FromMinutes(1));
        (await act.Should().ThrowAsync<TrainingException>()).Which.Message.Should().Contain("GraphLimits.MaxParameters");

        using var previews = new PreviewEngine(graph, PreviewSample.Random(graph), new PreviewOptions { Limits = tight });
        var snapshot = await previews.StabilizeAsync().WaitAsync(TimeSpan.FromMinutes(1));
        snapshot.Previews[new NodeId("hidden")].Status.Should().Be(PreviewStatus.Error);
    }

    [Fact]
    public void A_component_whose_module_cannot_be_built_is_named_with_the_first_line_of_the_native_error()
    {
        var catalog = ComponentCatalog.CreateDefault();
        catalog.Register(new FailingBuild());
        var graph = ModelGraph.Create("failing", g => g.Regression(g.Component("FailingBuild", null, [g.Input("x", TensorShape.Of(4))], "broken").Dense(1), g.Target("y", TensorShape.Of(1))), catalog);

        var compile = () => GraphModule.Compile(graph);
        var error = compile.Should().Throw<GraphValidationException>().Which;
        error.Diagnostics.Should().ContainSingle(d => d.Code == GraphDiagnosticCodes.BuildFailed && d.NodeId == new NodeId("broken"));
        error.Message.Should().Contain("'broken' (FailingBuild) could not be built: [enforce fail] could not allocate").And.NotContain("frame #0");
        error.InnerException.Should().BeAssignableTo<System.Runtime.InteropServices.ExternalException>();
    }

    private sealed record FailingSettings : ComponentSettings;

    private sealed class FailingBuild() : ComponentKind<FailingSettings>(new FailingSettings())
    {
        public override string Name => "FailingBuild";

        public override ComponentCategory Category => ComponentCategory.Custom;

        public override string Description => "Fails to allocate its weights.";

        protected override IEnumerable<SettingDescriptor> DescribeSettings() => [];

        protected override TensorShape InferOutputShapeCore(FailingSettings settings, IReadOnlyList<TensorShape> inputs) => inputs[0];

        protected override ComponentModule BuildCore(FailingSettings settings, IReadOnlyList<TensorShape> inputs) =>
            throw new NativeFailure("[enforce fail] could not allocate 4 GB\nException raised from allocate at alloc.cpp:42\nframe #0: c10::something");
    }

    /// <summary>What libtorch's errors are in .NET: an ExternalException with the C++ trace in its message.</summary>
    private sealed class NativeFailure(string message) : System.Runtime.InteropServices.ExternalException(message);
}
