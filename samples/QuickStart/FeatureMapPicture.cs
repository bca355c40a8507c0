using Percepti.Core.Preview;
using SkiaSharp;

/// <summary>
/// Draws two feature-map visuals side by side (e.g. the first convolution of the first and of the last epoch) as a
/// PNG: each map in gray from its visual's minimum to maximum, four maps a row.
/// </summary>
internal static class FeatureMapPicture
{
    private const int Scale = 4, Gap = 3, PerRow = 4, PanelGap = 24;

    public static void Save(string path, PreviewVisual left, PreviewVisual right)
    {
        int maps = Math.Min(left.Channels, right.Channels);
        int rows = (maps + PerRow - 1) / PerRow;
        int cellWidth = (left.Width * Scale) + Gap, cellHeight = (left.Height * Scale) + Gap;
        int panel = PerRow * cellWidth;
        using var bitmap = new SKBitmap((2 * panel) + PanelGap, rows * cellHeight);
        bitmap.Erase(SKColors.White);
        Draw(bitmap, left, maps, 0);
        Draw(bitmap, right, maps, panel + PanelGap);
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, png.ToArray());
    }

    private static void Draw(SKBitmap bitmap, PreviewVisual visual, int maps, int left)
    {
        var values = visual.Values.Span;
        float low = visual.Minimum, range = visual.Maximum - visual.Minimum <= 0 ? 1 : visual.Maximum - visual.Minimum;
        int plane = visual.Height * visual.Width;
        for (int map = 0; map < maps; map++)
        {
            int x0 = left + (map % PerRow * ((visual.Width * Scale) + Gap)), y0 = map / PerRow * ((visual.Height * Scale) + Gap);
            for (int y = 0; y < visual.Height * Scale; y++)
            {
                for (int x = 0; x < visual.Width * Scale; x++)
                {
                    float v = values[(map * plane) + ((y / Scale) * visual.Width) + (x / Scale)];
                    byte gray = (byte)Math.Clamp((int)(255 * (v - low) / range), 0, 255);
                    bitmap.SetPixel(x0 + x, y0 + y, new SKColor(gray, gray, gray));
                }
            }
        }
    }
}
