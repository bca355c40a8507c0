using System.Buffers.Binary;
using System.IO.Compression;

namespace Percepti.Core.Data;

/// <summary>
/// An IDX file (the MNIST format): magic <c>00 00 type rank</c>, big-endian dimension sizes, then
/// the data, big-endian. Raw or gzip-compressed (detected by content, not by name).
/// </summary>
internal sealed class IdxFile
{
    private const long MaxBytes = 8L * 1024 * 1024 * 1024;

    private IdxFile(string path, byte type, int[] dimensions, byte[] data, int offset)
    {
        Path = path;
        Type = type;
        Dimensions = dimensions;
        Data = data;
        DataOffset = offset;
    }

    public string Path { get; }

    public byte Type { get; }

    public int[] Dimensions { get; }

    public int Records => Dimensions[0];

    public int RecordSize => Dimensions.Skip(1).Aggregate(1, (a, b) => checked(a * b));

    private byte[] Data { get; }

    private int DataOffset { get; }

    public static IdxFile Read(string path, IProgress<LoadProgress>? progress)
    {
        byte[] bytes = ReadAll(path, progress);
        if (bytes.Length < 4)
        {
            throw DataFormatException.At(path, "byte 0", $"the file has {bytes.Length} bytes; an IDX file starts with a 4-byte magic number");
        }

        if (bytes[0] != 0 || bytes[1] != 0)
        {
            throw DataFormatException.At(path, "byte 0", $"wrong magic number {bytes[0]:X2} {bytes[1]:X2} {bytes[2]:X2} {bytes[3]:X2}; an IDX file starts with 00 00, a type and a rank");
        }

        byte type = bytes[2];
        if (ElementSize(type) == 0)
        {
            throw DataFormatException.At(path, "byte 2", $"unknown IDX element type 0x{type:X2}; expected 08 (ubyte), 09 (sbyte), 0B (short), 0C (int), 0D (float) or 0E (double)");
        }

        int rank = bytes[3];
        if (rank is < 1 or > 8)
        {
            throw DataFormatException.At(path, "byte 3", $"rank {rank} is not supported (1 to 8)");
        }

        int header = 4 + (4 * rank);
        if (bytes.Length < header)
        {
            throw DataFormatException.At(path, $"byte {bytes.Length}", $"the file ends inside its header ({header} bytes expected)");
        }

        var dimensions = new int[rank];
        long elements = 1;
        for (int i = 0; i < rank; i++)
        {
            int size = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + (4 * i)));
            if (size < 0 || (size == 0 && i > 0))
            {
                throw DataFormatException.At(path, $"byte {4 + (4 * i)}", $"dimension {i} has size {size}");
            }

            dimensions[i] = size;
            elements *= size;
            if (elements * ElementSize(type) > MaxBytes)
            {
                throw DataFormatException.At(path, $"byte {4 + (4 * i)}", $"the declared dimensions ({string.Join("×", dimensions.Take(i + 1))}) exceed {MaxBytes} bytes");
            }
        }

        long expected = elements * ElementSize(type);
        long actual = bytes.Length - header;
        if (actual < expected)
        {
            long record = ElementSize(type) * (long)dimensions.Skip(1).Aggregate(1L, (a, b) => a * b);
            throw DataFormatException.At(path, $"byte {bytes.Length}", $"the file is truncated: the header declares {string.Join("×", dimensions)} values ({expected} bytes) but {actual} bytes follow, ending in record {actual / Math.Max(record, 1)}");
        }

        if (actual > expected)
        {
            throw DataFormatException.At(path, $"byte {header + expected}", $"{actual - expected} bytes follow the {string.Join("×", dimensions)} values the header declares");
        }

        return new IdxFile(path, type, dimensions, bytes, header);
    }

    /// <summary>Copies one record, converted to float and multiplied by <paramref name="scale"/>.</summary>
    public void CopyRecord(int record, Span<float> destination, float scale)
    {
        int size = RecordSize;
        int elementSize = ElementSize(Type);
        var source = Data.AsSpan(DataOffset + (record * size * elementSize), size * elementSize);
        switch (Type)
        {
            case 0x08:
                for (int i = 0; i < size; i++)
                {
                    destination[i] = source[i] * scale;
                }

                break;
            case 0x09:
                for (int i = 0; i < size; i++)
                {
                    destination[i] = (sbyte)source[i] * scale;
                }

                break;
            case 0x0B:
                for (int i = 0; i < size; i++)
                {
                    destination[i] = BinaryPrimitives.ReadInt16BigEndian(source[(2 * i)..]) * scale;
                }

                break;
            case 0x0C:
                for (int i = 0; i < size; i++)
                {
                    destination[i] = BinaryPrimitives.ReadInt32BigEndian(source[(4 * i)..]) * scale;
                }

                break;
            case 0x0D:
                for (int i = 0; i < size; i++)
                {
                    destination[i] = BinaryPrimitives.ReadSingleBigEndian(source[(4 * i)..]) * scale;
                }

                break;
            default:
                for (int i = 0; i < size; i++)
                {
                    destination[i] = (float)(BinaryPrimitives.ReadDoubleBigEndian(source[(8 * i)..]) * scale);
                }

                break;
        }
    }

    private static int ElementSize(byte type) => type switch
    {
        0x08 or 0x09 => 1,
        0x0B => 2,
        0x0C or 0x0D => 4,
        0x0E => 8,
        _ => 0,
    };

    private static byte[] ReadAll(string path, IProgress<LoadProgress>? progress)
    {
        FileStream file;
        try
        {
            file = File.OpenRead(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"Cannot open {path}: {exception.Message}", exception);
        }

        using (file)
        {
            int first = file.ReadByte();
            int second = file.ReadByte();
            file.Position = 0;
            bool gzip = first == 0x1F && second == 0x8B;
            long? total = gzip ? null : file.Length;
            using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
            using var output = new MemoryStream();
            var buffer = new byte[1 << 20];
            try
            {
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    output.Write(buffer, 0, read);
                    if (output.Length > MaxBytes)
                    {
                        throw DataFormatException.At(path, $"byte {output.Length}", $"the data exceeds {MaxBytes} bytes");
                    }

                    progress?.Report(new LoadProgress(path, output.Length, total, "bytes"));
                }
            }
            catch (Exception exception) when (exception is InvalidDataException or EndOfStreamException)
            {
                throw DataFormatException.At(path, $"byte {output.Length} of the decompressed data", $"the gzip stream is corrupt or truncated ({exception.Message})", exception);
            }

            if (gzip)
            {
                // GZipStream ends quietly on a cut file; the trailer's size (mod 2^32) tells.
                var trailer = new byte[4];
                file.Seek(-4, SeekOrigin.End);
                file.ReadExactly(trailer);
                uint declared = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
                if (file.Length < 18 || declared != (uint)output.Length)
                {
                    throw DataFormatException.At(path, $"byte {file.Length} of the compressed file", $"the gzip stream is truncated or corrupt: its trailer declares {declared} bytes but {output.Length} were decompressed");
                }
            }

            return output.ToArray();
        }
    }
}
