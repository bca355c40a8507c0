using SkiaSharp;

namespace Percepti.Core.Data;

/// <summary>Decodes PNG, JPEG and BMP files into C×H×W floats in [0, 1] (SkiaSharp).</summary>
internal static class ImageDecoder
{
    public static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp"];

    public static bool IsImagePath(string value) =>
        Extensions.Any(e => value.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    public static (int Height, int Width) Size(string path)
    {
        using var codec = Open(path);
        return (codec.Info.Height, codec.Info.Width);
    }

    public static void Decode(string path, int channels, int height, int width, Span<float> destination)
    {
        using var codec = Open(path);
        using var decoded = SKBitmap.Decode(codec)
            ?? throw DataFormatException.At(path, "image data", "the image could not be decoded (corrupt or unsupported)");
        using var sized = decoded.Width == width && decoded.Height == height
            ? decoded.Copy(SKColorType.Rgba8888)
            : decoded.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888), SKFilterQuality.Medium);
        if (sized is null)
        {
            throw DataFormatException.At(path, "image data", $"the image could not be resized to {width}×{height}");
        }

        int plane = height * width;
        var pixels = sized.Pixels;
        for (int i = 0; i < plane; i++)
        {
            var pixel = pixels[i];
            if (channels == 1)
            {
                destination[i] = ((0.299f * pixel.Red) + (0.587f * pixel.Green) + (0.114f * pixel.Blue)) / 255f;
            }
            else
            {
                destination[i] = pixel.Red / 255f;
                destination[plane + i] = pixel.Green / 255f;
                destination[(2 * plane) + i] = pixel.Blue / 255f;
            }
        }
    }

    private static SKCodec Open(string path)
    {
        if (!File.Exists(path))
        {
            throw DataFormatException.At(path, "file", "the image file does not exist");
        }

        return SKCodec.Create(path)
            ?? throw DataFormatException.At(path, "header", "not a readable PNG, JPEG or BMP image");
    }
}
