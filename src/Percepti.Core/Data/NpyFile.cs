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
            throw new DatasetException($"Cannot open {path}: {exception.Message}", exception);
        }

        progress?.Report(new LoadProgress(path, bytes.Length, bytes.Length, "bytes"));
        ReadOnlySpan<byte> magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(magic))
        {
            throw DataFormatException.At(path, "byte 0", "not a .npy file: it must start with \\x93NUMPY");
        }

        int major = bytes[6];
        long headerLength;
        int headerStart;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
                headerStart = 10;
                break;
            case 2 or 3 when bytes.Length >= 12:
                headerLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
                headerStart = 12;
                break;
            default:
                throw DataFormatException.At(path, "byte 6", $"format version {major} is not supported (1, 2 or 3)");
        }

        if (headerStart + headerLength > bytes.Length)
        {
            throw DataFormatException.At(path, $"byte {bytes.Length}", $"the file ends inside its {headerLength}-byte header");
        }

        // Sizes are compared as longs: a declared length near 2^32 cannot wrap past the check above.
        string header = Encoding.UTF8.GetString(bytes, headerStart, (int)headerLength);
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

        // The shape is checked before anything is allocated: rows plus at most 8 dimensions per row, every
        // size at least 1, and a product that neither overflows nor exceeds the largest array.
        if (shape.Length > 0 && shape[0] == 0)
        {
            throw DataFormatException.At(path, $"byte {headerStart}", "the array has no rows; a dataset needs at least one");
        }

        if (shape.Length is 0 or > 9 || shape.Any(d => d < 1))
        {
            throw DataFormatException.At(path, $"byte {headerStart}", $"the shape ({string.Join(", ", shape)}) is not usable: it needs 1 to 9 dimensions, each at least 1");
        }

        long count = 1;
        foreach (int dimension in shape)
        {
            count *= dimension;
            if (count > Array.MaxLength)
            {
                throw DataFormatException.At(path, $"byte {headerStart}", $"the shape ({string.Join(", ", shape)}) holds more than {Array.MaxLength:N0} values");
            }
        }

        long dataStart = headerStart + headerLength;
        long expected = count * size;
        if (bytes.Length - dataStart != expected)
        {
            throw DataFormatException.At(path, $"byte {bytes.Length}", $"the header declares shape ({string.Join(", ", shape)}) of {type}, {expected} bytes, but {bytes.Length - dataStart} bytes follow{(bytes.Length - dataStart < expected ? " (truncated)" : string.Empty)}");
        }

        var values = new float[count];
        var data = bytes.AsSpan((int)dataStart);
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
