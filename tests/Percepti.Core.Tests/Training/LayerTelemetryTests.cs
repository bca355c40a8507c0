using Percepti.Core.Components;
using Percepti.Core.Graph;
using Percepti.Core.Preview;
using Percepti.Core.Training;
using static TorchSharp.torch;

namespace Percepti.Core.Tests.Training;

/// <summary>The per-component statistics streamed during training, checked against values computed by hand.</summary>
public sealed class LayerTelemetryTests
{
    [Fact]
    public void The_histogram_spreads_values_over_sixteen_equal_bins_from_minimum_to_maximum()
    {
        float[] values = [0f, 1f, 1f, 8f, 15.9f, 16f, float.NaN, float.PositiveInfinity];
        var statistics = TensorStatistics.Of([0f, 1f, 1f, 8f, 15.9f, 16f]);

        var bins = LayerTelemetry.Histogram(values, statistics);

        bins.Should().HaveCount(LayerTelemetry.HistogramBins);
        bins[0].Should().Be(1);
        bins[1].Should().Be(2);
        bins[8].Should().Be(1);
        bins[15].Should().Be(2, "the maximum falls in the last bin");
        bins.Sum().Should().Be(6, "non-finite values are left out");
    }

    [Fact]
    public void Equal_values_fall_in_the_first_bin() =>
        LayerTelemetry.Histogram([3f, 3f, 3f], TensorStatistics.Of([3f, 3f, 3f]))[0].Should().Be(3);

    [Fact]
    public void The_norm_is_the_euclidean_length() => LayerTelemetry.Norm([3f, -4f]).Should().Be(5);

    [Fact]
    public void Parameters_are_named_by_component_and_carry_gradients_once_there_are_some()
    {
        var graph = ModelGraph.Create("telemetry", g => g.Input("x", TensorShape.Of(3)).Dense(2, name: "hidden"));
        using var module = GraphModule.Compile(graph, seed: 1);
        using var scope = NewDisposeScope();

        var before = LayerTelemetry.Parameters(module);
        before.Select(p => (p.NodeId.Value, p.Parameter)).Should().BeEquivalentTo([("hidden", "layer.weight"), ("hidden", "layer.bias")]);
        before.Should().OnlyContain(p => p.Gradients == null && p.GradientNorm == null && p.GradientHistogram == null);
        var weight = before.Single(p => p.Parameter.EndsWith("weight", StringComparison.Ordinal));
        weight.Values.Count.Should().Be(6);
        weight.Histogram.Sum().Should().Be(6);

        var outputs = module.Run(new Dictionary<string, Tensor> { ["x"] = ones(4, 3) });
        outputs[new NodeId("hidden")].sum().backward();
        var after = LayerTelemetry.Parameters(module);

        var bias = after.Single(p => p.Parameter.EndsWith("bias", StringComparison.Ordinal));
        bias.Gradients.Should().NotBeNull();
        bias.GradientHistogram.Should().NotBeNull().And.Subject.Sum().Should().Be(2, "both bias gradients are counted");
        bias.GradientNorm.Should().BeApproximately(Math.Sqrt(2 * 4 * 4), 1e-5, "each bias gets gradient 4 (one per row of the batch)");
    }

    [Fact]
    public void Outputs_summarize_each_computed_component()
    {
        using var scope = NewDisposeScope();
        var output = tensor(new float[] { 3, 4, 0, 0 }, [2, 2]);

        var statistics = LayerTelemetry.Outputs(new Dictionary<NodeId, Tensor> { [new NodeId("out")] = output }).Single();

        statistics.NodeId.Should().Be(new NodeId("out"));
        statistics.Norm.Should().Be(5);
        statistics.Values.Maximum.Should().Be(4);
        statistics.Histogram.Sum().Should().Be(4);
    }
}
