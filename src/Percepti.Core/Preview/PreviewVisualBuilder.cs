using Percepti.Core.Components;
using Percepti.Core.Graph;

namespace Percepti.Core.Preview;

/// <summary>Turns one sample's output values into a bounded <see cref="PreviewVisual"/> by block averaging.</summary>
internal static class PreviewVisualBuilder
{
    public static PreviewVisual Build(PreviewVisualKind kind, float[] values, TensorShape shape, int maxPoints, int maxMaps)
    {
        switch (kind)
        {
            case PreviewVisualKind.None:
                return Finish(kind, 0, 0, 0, [], 0);
            case PreviewVisualKind.Scalar:
                return Finish(kind, 1, 1, 1, values.Length > 0 ? [values[0]] : [], 1);
            case PreviewVisualKind.Bar:
            case PreviewVisualKind.Line:
                {
                    float[] line = Downsample(values, 1, values.Length, 1, Math.Max(1, maxPoints), out _, out int width);
                    return Finish(kind, 1, 1, width, line, 1);
                }

            case PreviewVisualKind.Heatmap when shape.Rank == 2:
                return Planes(kind, values, 1, shape[0], shape[1], 1, maxPoints);
            case PreviewVisualKind.GrayscaleImage or PreviewVisualKind.RgbImage or PreviewVisualKind.FeatureMaps when shape.Rank == 3:
                {
                    int channels = kind == PreviewVisualKind.FeatureMaps ? Math.Min(shape[0], maxMaps) : shape[0];
                    return Planes(kind, values, channels, shape[1], shape[2], shape[0], maxPoints);
                }

            case PreviewVisualKind.FeatureMaps when shape.Rank == 4:
                {
                    // C×D×H×W: the middle depth slice of each channel.
                    int channels = Math.Min(shape[0], maxMaps);
                    int depth = shape[1], height = shape[2], width = shape[3];
                    int slice = depth / 2;
                    var planes = new float[channels * height * width];
                    for (int c = 0; c < channels; c++)
                    {
                        Array.Copy(values, ((c * depth) + slice) * height * width, planes, c * height * width, height * width);
                    }

                    return Planes(kind, planes, channels, height, width, shape[0], maxPoints);
                }

            default:
                {
                    // Any other rank: show it as one heatmap row per leading index.
                    int rows = shape.Rank == 0 ? 1 : shape[0];
                    return Planes(PreviewVisualKind.Heatmap, values, 1, rows, values.Length / Math.Max(rows, 1), 1, maxPoints);
                }
        }
    }

    private static PreviewVisual Planes(PreviewVisualKind kind, float[] values, int channels, int height, int width, int sourceChannels, int maxPoints)
    {
        int budget = Math.Max(1, maxPoints / Math.Max(channels, 1));
        var output = new List<float>();
        int outHeight = height, outWidth = width;
        for (int c = 0; c < channels; c++)
        {
            var plane = new float[height * width];
            Array.Copy(values, c * height * width, plane, 0, height * width);
            output.AddRange(Downsample(plane, height, width, budget, int.MaxValue, out outHeight, out outWidth));
        }

        return Finish(kind, channels, outHeight, outWidth, [.. output], sourceChannels);
    }

    /// <summary>Block-averages a height×width plane until it has at most <paramref name="maxPoints"/> values (and rows at most <paramref name="maxWidth"/> wide).</summary>
    private static float[] Downsample(float[] plane, int height, int width, int maxPoints, int maxWidth, out int outHeight, out int outWidth)
    {
        int factor = 1;
        if (height == 1)
        {
            factor = (int)Math.Ceiling((double)width / Math.Min(maxWidth, maxPoints));
        }
        else
        {
            while ((long)Ceiling(height, factor) * Ceiling(width, factor) > maxPoints)
            {
                factor++;
            }
        }

        factor = Math.Max(factor, 1);
        outHeight = Ceiling(height, height == 1 ? 1 : factor);
        outWidth = Ceiling(width, factor);
        if (factor == 1)
        {
            return plane;
        }

        int rowFactor = height == 1 ? 1 : factor;
        var result = new float[outHeight * outWidth];
        for (int y = 0; y < outHeight; y++)
        {
            for (int x = 0; x < outWidth; x++)
            {
                double sum = 0;
                int count = 0;
                for (int dy = 0; dy < rowFactor && (y * rowFactor) + dy < height; dy++)
                {
                    for (int dx = 0; dx < factor && (x * factor) + dx < width; dx++)
                    {
                        sum += plane[(((y * rowFactor) + dy) * width) + (x * factor) + dx];
                        count++;
                    }
                }

                result[(y * outWidth) + x] = (float)(sum / count);
            }
        }

        return result;
    }

    private static int Ceiling(int value, int divisor) => (value + divisor - 1) / divisor;

    private static PreviewVisual Finish(PreviewVisualKind kind, int channels, int height, int width, float[] values, int sourceChannels)
    {
        float min = float.NaN, max = float.NaN;
        foreach (float value in values)
        {
            if (float.IsFinite(value))
            {
                min = float.IsNaN(min) ? value : Math.Min(min, value);
                max = float.IsNaN(max) ? value : Math.Max(max, value);
            }
        }

        return new PreviewVisual(kind, channels, height, width, values, min, max, sourceChannels);
    }
}
