using static TorchSharp.torch;

namespace Percepti.Core.Data;

/// <summary>
/// <see cref="Augmentation"/> applied to a whole batch of preprocessed images as tensor ops, on the batch's device.
/// Each row draws its flip, angle and shift from the same generator <see cref="DataLoader"/> seeds for it (seed,
/// epoch, row), and the pixel mapping is the same inverse nearest-neighbour mapping as
/// <see cref="ImageOperations.Augment"/>, so a batch equals, bit for bit, the loader's row-by-row result.
/// </summary>
/// <remarks>
/// The loader augments raw pixels and normalizes afterwards; here the rows are normalized already. Normalization
/// maps every value on its own, so moving pixels commutes with it; only the zero fill of pixels that come from
/// outside the image must be the normalized zero of its channel.
/// </remarks>
internal static class BatchAugmentation
{
    /// <summary>The generator of one row's random changes, as the loader creates it.</summary>
    internal static Random RowRandom(int seed, int epoch, int row) => new(unchecked((seed * 1_000_003) + (epoch * 10_007) + row));

    /// <summary>Augments a batch of images.</summary>
    /// <param name="images">Preprocessed images, shape [rows, channels, height, width]; not changed.</param>
    /// <param name="rows">The dataset row of each image, in batch order (they seed its changes).</param>
    /// <param name="epoch">The epoch.</param>
    /// <param name="seed">The loader's seed.</param>
    /// <param name="augmentation">What may change.</param>
    /// <param name="column">The image column's fitted state (for the fill of each channel).</param>
    /// <returns>A new tensor of the same shape (the caller owns it), or <paramref name="images"/> itself when no row changes.</returns>
    public static Tensor Apply(Tensor images, ReadOnlySpan<int> rows, int epoch, int seed, Augmentation augmentation, ColumnState column)
    {
        int count = rows.Length;
        long channels = images.shape[1], height = images.shape[2], width = images.shape[3];
        var cos = new double[count];
        var sin = new double[count];
        var shiftX = new double[count];
        var shiftY = new double[count];
        var flip = new bool[count];
        bool any = false;
        for (int r = 0; r < count; r++)
        {
            // The draws ImageOperations.Augment makes for the same row.
            var draw = AugmentationDraw.Next(augmentation, RowRandom(seed, epoch, rows[r]));
            flip[r] = draw.Flip;
            shiftY[r] = draw.ShiftY;
            shiftX[r] = draw.ShiftX;
            cos[r] = Math.Cos(draw.Angle);
            sin[r] = Math.Sin(draw.Angle);
            any |= !draw.IsIdentity;
        }

        if (!any)
        {
            return images;
        }

        var device = images.device;
        using var scope = NewDisposeScope();
        double cy = (height - 1) / 2.0, cx = (width - 1) / 2.0;
        var c = tensor(cos, device: device).view(count, 1, 1);
        var s = tensor(sin, device: device).view(count, 1, 1);
        var x = arange(width, ScalarType.Float64, device).view(1, 1, width);
        var y = arange(height, ScalarType.Float64, device).view(1, height, 1);

        // Inverse mapping in double precision, term by term as the row-by-row code computes it.
        var dx = x + tensor(shiftX, device: device).view(count, 1, 1) - cx;
        var dy = y + tensor(shiftY, device: device).view(count, 1, 1) - cy;
        var ix = ((c * dx) + (s * dy) + cx).round().to(ScalarType.Int64);
        var iy = ((s.neg() * dx) + (c * dy) + cy).round().to(ScalarType.Int64);
        ix = where(tensor(flip, device: device).view(count, 1, 1), (width - 1) - ix, ix);
        var inside = ix.ge(0).logical_and(ix.lt(width)).logical_and(iy.ge(0)).logical_and(iy.lt(height));
        var source = ((iy.clamp(0, height - 1) * width) + ix.clamp(0, width - 1)).view(count, 1, height * width).expand(count, channels, height * width);
        var moved = images.reshape(count, channels, height * width).gather(2, source);
        var fill = tensor(NormalizedZero(column, (int)channels), device: device).to(images.dtype).view(1, channels, 1);
        var result = where(inside.view(count, 1, height * width), moved, fill).view(count, channels, height, width);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>What a raw zero pixel becomes after normalization, per channel.</summary>
    private static float[] NormalizedZero(ColumnState column, int channels)
    {
        var fill = new float[channels];
        if (column.Offset.Count == 0)
        {
            return fill;
        }

        long plane = column.OutputShape.ElementCount / channels;
        for (int channel = 0; channel < channels; channel++)
        {
            int group = Preprocessor.GroupOf(column, (int)(channel * plane), (int)column.OutputShape.ElementCount);
            fill[channel] = (float)((0f - column.Offset[group]) * column.Scale[group]);
        }

        return fill;
    }
}
