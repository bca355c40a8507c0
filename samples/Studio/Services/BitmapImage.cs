using System.Buffers.Binary;
using Percepti.Core.Data;
using Percepti.Core.Graph;

namespace Percepti.Studio.Services;

/// <summary>
/// Encodes small images as 24-bit BMP data URIs, which every browser shows without a script or an image library:
/// enough for previews of at most a few thousand pixels.
/// </summary>
public static class BitmapImage
{
    /// <summary>The most pixels an image column may have per plane to be drawn.</summary>
    public const int MaxPixels = 256 * 256;

    /// <summary>The first input column that holds images the studio can draw (1 or 3 channels, C×H×W), or null.</summary>
    /// <param name="schema">The data's columns.</param>
    /// <returns>The column, or null when the data has no drawable images.</returns>
    public static DatasetColumn? ImageColumn(DatasetSchema schema) =>
        schema.Inputs.FirstOrDefault(c => IsDrawable(c.Shape));

    /// <summary>One image of an image column, each image scaled to its own range.</summary>
    /// <param name="values">C × H × W values.</param>
    /// <param name="shape">Its shape (1 or 3 channels).</param>
    /// <returns>A data URI, or null when the values are not a drawable image of that shape.</returns>
    public static string? Image(ReadOnlySpan<float> values, TensorShape shape)
    {
        if (!IsDrawable(shape) || values.Length != shape.ElementCount)
        {
            return null;
        }

        float minimum = float.PositiveInfinity, maximum = float.NegativeInfinity;
        foreach (float value in values)
        {
            minimum = Math.Min(minimum, value);
            maximum = Math.Max(maximum, value);
        }

        return shape[0] == 3 ? Rgb(values, shape[1], shape[2], minimum, maximum) : Plane(values, shape[1], shape[2], minimum, maximum);
    }

    private static bool IsDrawable(TensorShape shape) => shape.Rank == 3 && shape[0] is 1 or 3 && (long)shape[1] * shape[2] <= MaxPixels;

    /// <summary>One plane scaled from <paramref name="minimum"/>..<paramref name="maximum"/> to grey or to a blue-red heat scale.</summary>
    /// <param name="values">Height × Width values, row-major.</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <param name="minimum">The value drawn darkest (or bluest).</param>
    /// <param name="maximum">The value drawn brightest (or reddest).</param>
    /// <param name="heat">Draw with a heat scale instead of grey.</param>
    /// <returns>A <c>data:image/bmp;base64,…</c> URI.</returns>
    public static string Plane(ReadOnlySpan<float> values, int height, int width, float minimum, float maximum, bool heat = false)
    {
        var pixels = new (byte R, byte G, byte B)[height * width];
        for (int i = 0; i < pixels.Length; i++)
        {
            double t = Scale(values[i], minimum, maximum);
            pixels[i] = heat ? Heat(t) : Grey(t);
        }

        return Encode(pixels, height, width);
    }

    /// <summary>Three planes (red, green, blue) as one colour image.</summary>
    /// <param name="values">3 × Height × Width values, plane after plane.</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <param name="minimum">The value drawn as 0.</param>
    /// <param name="maximum">The value drawn as 255.</param>
    /// <returns>A data URI.</returns>
    public static string Rgb(ReadOnlySpan<float> values, int height, int width, float minimum, float maximum)
    {
        int plane = height * width;
        var pixels = new (byte R, byte G, byte B)[plane];
        for (int i = 0; i < plane; i++)
        {
            pixels[i] = (Byte(Scale(values[i], minimum, maximum)), Byte(Scale(values[plane + i], minimum, maximum)), Byte(Scale(values[(2 * plane) + i], minimum, maximum)));
        }

        return Encode(pixels, height, width);
    }

    private static double Scale(float value, float minimum, float maximum) =>
        !float.IsFinite(value) || maximum <= minimum ? 0 : Math.Clamp((value - minimum) / (maximum - minimum), 0, 1);

    private static byte Byte(double t) => (byte)Math.Round(t * 255);

    private static (byte, byte, byte) Grey(double t) => (Byte(t), Byte(t), Byte(t));

    private static (byte, byte, byte) Heat(double t) => (Byte(t), Byte(0.2 + (0.6 * (1 - Math.Abs((2 * t) - 1)))), Byte(1 - t));

    private static string Encode((byte R, byte G, byte B)[] pixels, int height, int width)
    {
        int stride = ((width * 3) + 3) & ~3;
        int size = 54 + (stride * height);
        var bytes = new byte[size];
        bytes[0] = (byte)'B';
        bytes[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(2), size);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(22), -height); // top-down rows
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(28), 24);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                var (r, g, b) = pixels[(y * width) + x];
                int at = 54 + (y * stride) + (x * 3);
                bytes[at] = b;
                bytes[at + 1] = g;
                bytes[at + 2] = r;
            }
        }

        return "data:image/bmp;base64," + Convert.ToBase64String(bytes);
    }
}
