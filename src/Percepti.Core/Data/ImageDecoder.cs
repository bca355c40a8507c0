using SkiaSharp;

namespace Percepti.Core.Data;

/// <summary>Decodes PNG, JPEG and BMP files into C×H×W floats in [0, 1] (SkiaSharp).</summary>
internal static class ImageDecoder
{
    public static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp"];

    public static bool IsImagePath(string value) =>
        Extensions.Any(e => value.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>The longest side an image file may declare.</summary>
    public const int MaxSide = 16_384;

    /// <summary>The most pixels an image file may declare (decoded as 4 bytes each).</summary>
    public const long MaxPixels = 40_000_000;

    /// <summary>Refuses a size to resize to that no decoded image could take.</summary>
    public static void CheckTargetSize(string source, int height, int width)
    {
        if (height < 1 || width < 1 || height > MaxSide || width > MaxSide || (long)height * width > MaxPixels)
        {
            throw new DatasetException($"{source}: images cannot be resized to {height:N0}×{width:N0}; the limit is {MaxSide:N0} per side and {MaxPixels:N0} pixels in all.");
        }
    }

    public static (int Height, int Width) Size(string path)
    {
        using var codec = Open(path);
        return (codec.Info.Height, codec.Info.Width);
    }

    public static void Decode(string path, int channels, int height, int width, Span<float> destination)
    {
        using var codec = Open(path);

        // Every pixel must decode: a truncated or corrupt file is an error, not an image with rows filled in.
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var decoded = new SKBitmap(info);
        var result = codec.GetPixels(info, decoded.GetPixels());
        if (result != SKCodecResult.Success)
        {
            throw DataFormatException.At(path, "image data", result == SKCodecResult.IncompleteInput
                ? "the image is truncated: its data ends before the last row"
                : $"the image could not be decoded ({result})");
        }

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

        var codec = SKCodec.Create(path)
            ?? throw DataFormatException.At(path, "header", "not a readable PNG, JPEG or BMP image");

        // Declared sizes are checked before anything is decoded or allocated.
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width < 1 || height < 1 || width > MaxSide || height > MaxSide || (long)width * height > MaxPixels)
        {
            codec.Dispose();
            throw DataFormatException.At(path, "header", $"the image declares {width:N0}×{height:N0} pixels; the limit is {MaxSide:N0} per side and {MaxPixels:N0} in all");
        }

        return codec;
    }
}
