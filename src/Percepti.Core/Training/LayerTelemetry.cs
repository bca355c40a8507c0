using Percepti.Core.Graph;
using Percepti.Core.Preview;
using static TorchSharp.torch;

namespace Percepti.Core.Training;

/// <summary>
/// The per-component telemetry of a training step (<see cref="LayerStatistics"/>): statistics, histograms and norms of
/// every parameter, its gradient and every output. They are computed where the tensors live and read back in one small
/// copy: copying every output of a batch to managed arrays (tens of megabytes for a convolution at batch 512) and
/// summing them there cost more than the step it described, and stalled a GPU for as long.
/// </summary>
internal static class LayerTelemetry
{
    /// <summary>The number of histogram bins.</summary>
    public const int HistogramBins = 16;

    /// <summary>Weights and gradients of every parameter, named by component and by the parameter's path inside it (e.g. <c>conv1</c>, <c>layer.weight</c>).</summary>
    public static List<ParameterStatistics> Parameters(GraphModule model)
    {
        var parameters = model.named_parameters().ToList();
        var tensors = new List<Tensor>();
        foreach (var (_, parameter) in parameters)
        {
            tensors.Add(parameter);
            if (parameter.grad is { } grad)
            {
                tensors.Add(grad);
            }
        }

        var summaries = Summarize(tensors);
        var result = new List<ParameterStatistics>();
        int next = 0;
        foreach (var (name, parameter) in parameters)
        {
            int dot = name.IndexOf('.', StringComparison.Ordinal);
            var node = model.Graph.Nodes.FirstOrDefault(n => n.Id.ModuleName == name[..dot])?.Id ?? new NodeId(name[..dot]);
            var values = summaries[next++];
            var gradients = parameter.grad is null ? null : summaries[next++];
            result.Add(new ParameterStatistics(node, name[(dot + 1)..], values.Statistics, gradients?.Statistics, values.Histogram, values.Norm, gradients?.Norm)
            {
                GradientHistogram = gradients?.Histogram,
            });
        }

        return result;
    }

    /// <summary>Statistics of each component output computed in a step.</summary>
    public static List<OutputStatistics> Outputs(IReadOnlyDictionary<NodeId, Tensor> outputs)
    {
        var nodes = outputs.Keys.ToList();
        var summaries = Summarize([.. nodes.Select(n => outputs[n])]);
        return [.. nodes.Select((node, i) => new OutputStatistics(node, summaries[i].Statistics, summaries[i].Norm, summaries[i].Histogram))];
    }

    /// <summary>
    /// The statistics of each tensor as <see cref="TensorStatistics.Of"/> defines them (min, max, mean and standard
    /// deviation over the finite values), its L2 norm over all values, and 16 equal bins from the minimum to the
    /// maximum that count the finite values, the maximum in the last. Computed in float64 where the tensors live, in
    /// two reads of a few numbers per tensor: moments first (a handful of reductions), then the histograms, whose
    /// range the first read gives. A tensor with NaN or infinite values (rare: a diverging run) takes a masked path.
    /// </summary>
    public static List<TensorSummary> Summarize(IReadOnlyList<Tensor> tensors)
    {
        using var scope = NewDisposeScope();
        var values = new List<Tensor>(tensors.Count);
        var moments = new List<Tensor>(tensors.Count);
        foreach (var tensor in tensors)
        {
            var x = tensor.detach().flatten().to(ScalarType.Float64);
            values.Add(x);
            if (x.numel() > 0)
            {
                var (minimum, maximum) = x.aminmax();
                var (deviation, mean) = x.std_mean(unbiased: false);
                moments.Add(stack([minimum, maximum, mean, deviation, x.eq(0).sum().to(ScalarType.Float64), x.norm()]));
            }
        }

        double[] first = moments.Count == 0 ? [] : stack(moments).cpu().data<double>().ToArray();
        var result = new TensorSummary?[tensors.Count];
        var histograms = new List<(int Index, Tensor Bins)>();
        var masked = new List<(int Index, Tensor Fields)>();
        for (int i = 0, row = 0; i < tensors.Count; i++)
        {
            var x = values[i];
            long count = x.numel();
            if (count == 0)
            {
                result[i] = new TensorSummary(new TensorStatistics(0, double.NaN, double.NaN, double.NaN, double.NaN, 0, 0, 0), 0, new int[HistogramBins]);
                continue;
            }

            var m = first.AsSpan(row++ * Moments, Moments);
            double minimum = m[0], maximum = m[1], mean = m[2], deviation = m[3];
            if (!double.IsFinite(minimum) || !double.IsFinite(maximum))
            {
                // NaN makes the minimum NaN, an infinity makes it or the maximum infinite.
                masked.Add((i, MaskedFields(x)));
                continue;
            }

            var statistics = new TensorStatistics(count, minimum, maximum, mean, deviation, 0, 0, m[4] / count);
            result[i] = new TensorSummary(statistics, m[5], new int[HistogramBins]);
            if (maximum > minimum)
            {
                // (v - min) / width in float64, then truncated: histc over [0, 16] takes the integer part and puts the
                // maximum (exactly 16) in the last bin, as the definition does.
                double width = (maximum - minimum) / HistogramBins;
                histograms.Add((i, x.sub(minimum).div_(width).histc(HistogramBins, 0, HistogramBins)));
            }
            else
            {
                result[i]!.Histogram[0] = (int)count;
            }
        }

        if (histograms.Count + masked.Count > 0)
        {
            double[] second = cat([.. histograms.Select(h => h.Bins), .. masked.Select(f => f.Fields)]).cpu().data<double>().ToArray();
            int offset = 0;
            foreach (var (index, _) in histograms)
            {
                for (int bin = 0; bin < HistogramBins; bin++)
                {
                    result[index]!.Histogram[bin] = (int)second[offset + bin];
                }

                offset += HistogramBins;
            }

            foreach (var (index, _) in masked)
            {
                result[index] = FromMaskedFields(second.AsSpan(offset, MaskedFieldCount), tensors[index].numel());
                offset += MaskedFieldCount;
            }
        }

        return [.. result.Select(r => r!)];
    }

    /// <summary>Minimum, maximum, mean, standard deviation, zeros and norm: the first read for a tensor of finite values.</summary>
    private const int Moments = 6;

    /// <summary>Finite count, minimum, maximum, mean, standard deviation, NaNs, infinities, zeros, norm, then the bins.</summary>
    private const int MaskedFieldCount = 9 + HistogramBins;

    private static TensorSummary FromMaskedFields(ReadOnlySpan<double> row, long count)
    {
        bool none = (long)row[0] == 0;
        var statistics = new TensorStatistics(
            count,
            none ? double.NaN : row[1],
            none ? double.NaN : row[2],
            row[3],
            none ? double.NaN : row[4],
            (long)row[5],
            (long)row[6],
            row[7] / count);
        int[] histogram = new int[HistogramBins];
        for (int bin = 0; bin < HistogramBins; bin++)
        {
            histogram[bin] = (int)row[9 + bin];
        }

        return new TensorSummary(statistics, row[8], histogram);
    }

    /// <summary>A tensor with non-finite values: every statistic over the finite values only, by masks, on its device.</summary>
    private static Tensor MaskedFields(Tensor x)
    {
        var finite = x.isfinite();
        var notFinite = finite.logical_not();
        var count = finite.sum().to(ScalarType.Float64);
        var minimum = x.masked_fill(notFinite, double.PositiveInfinity).amin(0);
        var maximum = x.masked_fill(notFinite, double.NegativeInfinity).amax(0);
        var mean = x.masked_fill(notFinite, 0.0).sum() / count;
        var deviation = ((x - mean).square().masked_fill(notFinite, 0.0).sum() / count).sqrt();
        var nan = x.isnan().sum().to(ScalarType.Float64);
        var infinite = x.isinf().sum().to(ScalarType.Float64);
        var zero = x.eq(0).sum().to(ScalarType.Float64);
        var norm = x.square().sum().sqrt();

        // The bin of each finite value, truncated as (value - min) / width; equal values (width 0) go to the first bin.
        // Non-finite values go to a 17th bin that is dropped. scatter_add, unlike bincount, needs no host read on CUDA.
        var width = (maximum - minimum) / HistogramBins;
        var scaled = ((x - minimum) / width).masked_fill(notFinite.logical_or(width.le(0)), 0.0);
        var bins = scaled.floor().clamp(0, HistogramBins - 1).to(ScalarType.Int64).masked_fill(notFinite, HistogramBins);
        var counts = zeros(HistogramBins + 1, dtype: ScalarType.Float64, device: x.device).scatter_add_(0, bins, ones_like(x));
        return cat([stack([count, minimum, maximum, mean, deviation, nan, infinite, zero, norm]), counts.narrow(0, 0, HistogramBins)]);
    }

    /// <summary>One tensor's statistics, norm and histogram.</summary>
    internal sealed record TensorSummary(TensorStatistics Statistics, double Norm, int[] Histogram);
}
