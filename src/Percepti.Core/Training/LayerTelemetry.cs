using Percepti.Core.Graph;
using Percepti.Core.Preview;
using static TorchSharp.torch;

namespace Percepti.Core.Training;

/// <summary>
/// The per-component telemetry of a training step (<see cref="LayerStatistics"/>): statistics, histograms and norms of
/// every parameter, its gradient and every output, copied to managed arrays so no tensor leaves the training thread.
/// </summary>
internal static class LayerTelemetry
{
    /// <summary>The number of histogram bins.</summary>
    public const int HistogramBins = 16;

    /// <summary>Weights and gradients of every parameter, named by component and by the parameter's path inside it (e.g. <c>conv1</c>, <c>layer.weight</c>).</summary>
    public static List<ParameterStatistics> Parameters(GraphModule model)
    {
        var result = new List<ParameterStatistics>();
        foreach (var (name, parameter) in model.named_parameters())
        {
            int dot = name.IndexOf('.', StringComparison.Ordinal);
            var node = model.Graph.Nodes.FirstOrDefault(n => n.Id.ModuleName == name[..dot])?.Id ?? new NodeId(name[..dot]);
            using var scope = NewDisposeScope();
            float[] values = parameter.detach().cpu().contiguous().data<float>().ToArray();
            float[]? gradients = parameter.grad is { } grad ? grad.cpu().contiguous().data<float>().ToArray() : null;
            var statistics = TensorStatistics.Of(values);
            var gradientStatistics = gradients is null ? null : TensorStatistics.Of(gradients);
            result.Add(new ParameterStatistics(node, name[(dot + 1)..], statistics, gradientStatistics, Histogram(values, statistics), Norm(values), gradients is null ? null : Norm(gradients))
            {
                GradientHistogram = gradients is null ? null : Histogram(gradients, gradientStatistics!),
            });
        }

        return result;
    }

    /// <summary>Statistics of each component output computed in a step.</summary>
    public static List<OutputStatistics> Outputs(IReadOnlyDictionary<NodeId, Tensor> outputs)
    {
        var result = new List<OutputStatistics>();
        foreach (var (node, output) in outputs)
        {
            float[] values = output.detach().to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
            var statistics = TensorStatistics.Of(values);
            result.Add(new OutputStatistics(node, statistics, Norm(values), Histogram(values, statistics)));
        }

        return result;
    }

    /// <summary>The L2 norm.</summary>
    public static double Norm(float[] values) => Math.Sqrt(values.Sum(v => (double)v * v));

    /// <summary>16 equal bins from the minimum to the maximum; non-finite values are left out.</summary>
    public static int[] Histogram(float[] values, TensorStatistics statistics)
    {
        var bins = new int[HistogramBins];
        double width = (statistics.Maximum - statistics.Minimum) / bins.Length;
        foreach (float value in values)
        {
            if (float.IsFinite(value))
            {
                int bin = width > 0 ? (int)((value - statistics.Minimum) / width) : 0;
                bins[Math.Clamp(bin, 0, bins.Length - 1)]++;
            }
        }

        return bins;
    }

}
