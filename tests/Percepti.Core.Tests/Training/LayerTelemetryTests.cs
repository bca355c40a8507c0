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
    public void The_histogram_spreads_finite_values_over_sixteen_equal_bins_from_minimum_to_maximum()
    {
        using var scope = NewDisposeScope();
        var summary = LayerTelemetry.Summarize([tensor(new[] { 0f, 1f, 1f, 8f, 15.9f, 16f, float.NaN, float.PositiveInfinity })]).Single();

        summary.Histogram.Should().HaveCount(LayerTelemetry.HistogramBins);
        summary.Histogram[0].Should().Be(1);
        summary.Histogram[1].Should().Be(2);
        summary.Histogram[8].Should().Be(1);
        summary.Histogram[15].Should().Be(2, "the maximum falls in the last bin");
        summary.Histogram.Sum().Should().Be(6, "non-finite values are left out");
        summary.Statistics.Should().Be(new TensorStatistics(8, 0, 16, summary.Statistics.Mean, summary.Statistics.StandardDeviation, 1, 1, 1.0 / 8));
        summary.Statistics.Mean.Should().BeApproximately(41.9 / 6, 1e-6);
    }

    [Fact]
    public void Equal_values_fall_in_the_first_bin() =>
        LayerTelemetry.Summarize([full(3, 3f)]).Single().Histogram[0].Should().Be(3);

    [Fact]
    public void The_norm_is_the_euclidean_length() => LayerTelemetry.Summarize([tensor(new[] { 3f, -4f })]).Single().Norm.Should().Be(5);

    [Fact]
    public void A_tensor_without_finite_values_has_no_minimum_maximum_or_spread_and_an_empty_histogram()
    {
        var summary = LayerTelemetry.Summarize([tensor(new[] { float.NaN, float.NegativeInfinity })]).Single();

        summary.Statistics.Should().Be(new TensorStatistics(2, double.NaN, double.NaN, double.NaN, double.NaN, 1, 1, 0));
        summary.Histogram.Should().OnlyContain(c => c == 0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Device_statistics_match_the_managed_definition_on_many_values(bool nonFinite)
    {
        // The managed definition (TensorStatistics.Of) and a histogram counted value by value, as the telemetry
        // computed them before it moved to the tensors' device.
        var random = new Random(5);
        float[] values = [.. Enumerable.Range(0, 10_007).Select(i => nonFinite && i % 997 == 0 ? float.NaN : nonFinite && i % 1009 == 0 ? float.NegativeInfinity : i % 7 == 0 ? 0f : (float)((random.NextDouble() * 6) - 2))];
        var expected = TensorStatistics.Of(values);
        int[] bins = new int[LayerTelemetry.HistogramBins];
        double width = (expected.Maximum - expected.Minimum) / bins.Length;
        foreach (float value in values.Where(float.IsFinite))
        {
            bins[Math.Clamp((int)((value - expected.Minimum) / width), 0, bins.Length - 1)]++;
        }

        using var scope = NewDisposeScope();
        var summary = LayerTelemetry.Summarize([tensor(values, [10_007])]).Single();

        summary.Histogram.Should().Equal(bins);
        summary.Statistics.Should().BeEquivalentTo(expected, o => o
            .Using<double>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-9 * Math.Max(1, Math.Abs(c.Expectation))))
            .WhenTypeIs<double>());
        if (nonFinite)
        {
            summary.Norm.Should().Be(double.NaN, "NaN values make the norm NaN, as a sum over all values does");
        }
        else
        {
            summary.Norm.Should().BeApproximately(Math.Sqrt(values.Sum(v => (double)v * v)), 1e-9);
        }
    }

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
