using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Percepti.Core.Data;

/// <summary>A NumPy <c>.npy</c> array: float32, float64, int32, int64 or uint8, little-endian, C order.</summary>
internal sealed partial class NpyFile
{
    private NpyFile(string path, int[] shape, float[] values)
    {
        Path = path;
        Shape = shape;
        Values = values;
    }

    public string Path { get; }

    public int[] Shape { get; }

    public float[] Values { get; }

    public bool IsInteger { get; private init; }

    public static NpyFile Read(string path, IProgress<LoadProgress>? progress)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"Cannot open {path}: {exception.Message}", exception);
        }

        progress?.Report(new LoadProgress(path, bytes.Length, bytes.Length, "bytes"));
        ReadOnlySpan<byte> magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(magic))
        {
            throw DataFormatException.At(path, "byte 0", "not a .npy file: it must start with \\x93NUMPY");
        }

        int major = bytes[6];
        int headerLength, headerStart;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
                headerStart = 10;
                break;
            case 2 or 3 when bytes.Length >= 12:
                headerLength = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
                headerStart = 12;
                break;
            default:
                throw DataFormatException.At(path, "byte 6", $"format version {major} is not supported (1, 2 or 3)");
        }

        if (headerStart + headerLength > bytes.Length)
        {
            throw DataFormatException.At(path, $"byte {bytes.Length}", $"the file ends inside its {headerLength}-byte header");
        }

        string header = Encoding.UTF8.GetString(bytes, headerStart, headerLength);
        var descr = DescrPattern().Match(header);
        var order = OrderPattern().Match(header);
        var shapeMatch = ShapePattern().Match(header);
        if (!descr.Success || !order.Success || !shapeMatch.Success)
        {
            throw DataFormatException.At(path, $"byte {headerStart}", $"the header is not a .npy header: {header.Trim()}");
        }

        if (order.Groups[1].Value == "True")
        {
            throw DataFormatException.At(path, $"byte {headerStart}", "Fortran-order arrays are not supported; save the array in C order (numpy.ascontiguousarray)");
        }

        int[] shape;
        try
        {
            shape = [.. shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(d => int.Parse(d, NumberStyles.None, CultureInfo.InvariantCulture))];
        }
        catch (Exception exception) when (exception is FormatException or OverflowException)
        {
            throw DataFormatException.At(path, $"byte {headerStart}", $"the shape ({shapeMatch.Groups[1].Value}) is not a tuple of sizes", exception);
        }

        string type = descr.Groups[1].Value;
        (int size, bool integer) = type switch
        {
            "<f4" => (4, false),
            "<f8" => (8, false),
            "<i4" => (4, true),
            "<i8" => (8, true),
            "|u1" or "<u1" => (1, true),
            _ => throw DataFormatException.At(path, $"byte {headerStart}", $"element type '{type}' is not supported; use little-endian float32, float64, int32, int64 or uint8"),
        };

        long count = shape.Aggregate(1L, (a, b) => a * b);
        int dataStart = headerStart + headerLength;
        long expected = count * size;
        if (bytes.Length - dataStart != expected)
        {
            throw DataFormatException.At(path, $"byte {bytes.Length}", $"the header declares shape ({string.Join(", ", shape)}) of {type}, {expected} bytes, but {bytes.Length - dataStart} bytes follow{(bytes.Length - dataStart < expected ? " (truncated)" : string.Empty)}");
        }

        var values = new float[count];
        var data = bytes.AsSpan(dataStart);
        for (long i = 0; i < count; i++)
        {
            values[i] = type switch
            {
                "<f4" => BinaryPrimitives.ReadSingleLittleEndian(data[(int)(i * 4)..]),
                "<f8" => (float)BinaryPrimitives.ReadDoubleLittleEndian(data[(int)(i * 8)..]),
                "<i4" => BinaryPrimitives.ReadInt32LittleEndian(data[(int)(i * 4)..]),
                "<i8" => BinaryPrimitives.ReadInt64LittleEndian(data[(int)(i * 8)..]),
                _ => data[(int)i],
            };
        }

        return new NpyFile(path, shape, values) { IsInteger = integer };
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex OrderPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
