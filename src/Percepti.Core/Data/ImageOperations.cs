namespace Percepti.Core.Data;

/// <summary>Managed operations on C×H×W float images (row-major, channel after channel).</summary>
internal static class ImageOperations
{
    public static float[] ConvertColor(float[] image, int channels, int height, int width, int targetChannels)
    {
        if (channels == targetChannels)
        {
            return image;
        }

        int plane = height * width;
        var result = new float[targetChannels * plane];
        if (targetChannels == 1)
        {
            // ITU-R 601 luma from the first three channels; a single channel is already luminance.
            for (int i = 0; i < plane; i++)
            {
                result[i] = channels >= 3
                    ? (0.299f * image[i]) + (0.587f * image[plane + i]) + (0.114f * image[(2 * plane) + i])
                    : image[i];
            }

            return result;
        }

        for (int c = 0; c < targetChannels; c++)
        {
            Array.Copy(image, Math.Min(c, channels - 1) * plane, result, c * plane, plane);
        }

        return result;
    }

    /// <summary>Bilinear resize with half-pixel centres (like align_corners=false).</summary>
    public static float[] Resize(float[] image, int channels, int height, int width, int newHeight, int newWidth)
    {
        if (height == newHeight && width == newWidth)
        {
            return image;
        }

        var result = new float[channels * newHeight * newWidth];
        float scaleY = (float)height / newHeight;
        float scaleX = (float)width / newWidth;
        for (int c = 0; c < channels; c++)
        {
            int source = c * height * width;
            int target = c * newHeight * newWidth;
            for (int y = 0; y < newHeight; y++)
            {
                float sy = Math.Clamp(((y + 0.5f) * scaleY) - 0.5f, 0, height - 1);
                int y0 = (int)sy;
                int y1 = Math.Min(y0 + 1, height - 1);
                float fy = sy - y0;
                for (int x = 0; x < newWidth; x++)
                {
                    float sx = Math.Clamp(((x + 0.5f) * scaleX) - 0.5f, 0, width - 1);
                    int x0 = (int)sx;
                    int x1 = Math.Min(x0 + 1, width - 1);
                    float fx = sx - x0;
                    float top = (image[source + (y0 * width) + x0] * (1 - fx)) + (image[source + (y0 * width) + x1] * fx);
                    float bottom = (image[source + (y1 * width) + x0] * (1 - fx)) + (image[source + (y1 * width) + x1] * fx);
                    result[target + (y * newWidth) + x] = (top * (1 - fy)) + (bottom * fy);
                }
            }
        }

        return result;
    }

    /// <summary>Flip, rotation and shifted crop, drawn from <paramref name="random"/>.</summary>
    public static void Augment(float[] image, int channels, int height, int width, Augmentation augmentation, Random random)
    {
        var draw = AugmentationDraw.Next(augmentation, random);
        if (draw.IsIdentity)
        {
            return;
        }

        var (flip, angle, shiftY, shiftX) = draw;

        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        double cy = (height - 1) / 2.0, cx = (width - 1) / 2.0;
        int plane = height * width;
        var source = (float[])image.Clone();
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                // Inverse mapping: where in the source does this output pixel come from?
                double dx = x + shiftX - cx, dy = y + shiftY - cy;
                double sx = (cos * dx) + (sin * dy) + cx;
                double sy = (-sin * dx) + (cos * dy) + cy;
                int ix = (int)Math.Round(sx), iy = (int)Math.Round(sy);
                if (flip)
                {
                    ix = width - 1 - ix;
                }

                bool inside = ix >= 0 && ix < width && iy >= 0 && iy < height;
                for (int c = 0; c < channels; c++)
                {
                    image[(c * plane) + (y * width) + x] = inside ? source[(c * plane) + (iy * width) + ix] : 0;
                }
            }
        }
    }
}
