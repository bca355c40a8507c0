using System.Buffers.Binary;
using System.IO.Compression;

namespace Percepti.Core.Data;

/// <summary>
/// An IDX file (the MNIST format): magic <c>00 00 type rank</c>, big-endian dimension sizes, then
/// the data, big-endian. Raw or gzip-compressed (detected by content, not by name).
/// </summary>
internal sealed class IdxFile
{
    /// <summary>The largest file, decompressed: the data is held in one array.</summary>
    private const long MaxBytes = 0x7FFFFFC7;

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
        FileStream file;
        try
        {
            file = File.OpenRead(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"Cannot open {path}: {exception.Message}", exception);
        }

        using (file)
        {
            int first = file.ReadByte();
            int second = file.ReadByte();
            file.Position = 0;
            bool gzip = first == 0x1F && second == 0x8B;
            using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
            try
            {
                var result = Read(path, stream, gzip ? null : file.Length, gzip ? "the gzip stream" : "the file", progress);
                if (gzip)
                {
                    CheckTrailer(path, file, result.Data.LongLength);
                }

                return result;
            }
            catch (Exception exception) when (exception is InvalidDataException or EndOfStreamException)
            {
                throw DataFormatException.At(path, gzip ? "the decompressed data" : "the data", $"the {(gzip ? "gzip stream" : "file")} is corrupt or truncated ({exception.Message})", exception);
            }
        }
    }

    /// <summary>
    /// Reads the header first and checks the declared dimensions against the limit, then allocates exactly the
    /// declared size and reads it: a small file declaring billions of values (a gzip bomb) is refused before
    /// anything large is allocated or decompressed.
    /// </summary>
    private static IdxFile Read(string path, Stream stream, long? total, string what, IProgress<LoadProgress>? progress)
    {
        var magic = new byte[4];
        int got = Fill(stream, magic, 0, 4);
        if (got < 4)
        {
            throw DataFormatException.At(path, "byte 0", $"the file has {got} bytes; an IDX file starts with a 4-byte magic number");
        }

        if (magic[0] != 0 || magic[1] != 0)
        {
            throw DataFormatException.At(path, "byte 0", $"wrong magic number {magic[0]:X2} {magic[1]:X2} {magic[2]:X2} {magic[3]:X2}; an IDX file starts with 00 00, a type and a rank");
        }

        byte type = magic[2];
        if (ElementSize(type) == 0)
        {
            throw DataFormatException.At(path, "byte 2", $"unknown IDX element type 0x{type:X2}; expected 08 (ubyte), 09 (sbyte), 0B (short), 0C (int), 0D (float) or 0E (double)");
        }

        int rank = magic[3];
        if (rank is < 1 or > 8)
        {
            throw DataFormatException.At(path, "byte 3", $"rank {rank} is not supported (1 to 8)");
        }

        int header = 4 + (4 * rank);
        var sizes = new byte[4 * rank];
        got = Fill(stream, sizes, 0, sizes.Length);
        if (got < sizes.Length)
        {
            throw DataFormatException.At(path, $"byte {4 + got}", $"the file ends inside its header ({header} bytes expected)");
        }

        var dimensions = new int[rank];
        long elements = 1;
        for (int i = 0; i < rank; i++)
        {
            int size = BinaryPrimitives.ReadInt32BigEndian(sizes.AsSpan(4 * i));
            if (size < 0 || (size == 0 && i > 0))
            {
                throw DataFormatException.At(path, $"byte {4 + (4 * i)}", $"dimension {i} has size {size}");
            }

            dimensions[i] = size;
            elements *= size;
            if (header + (elements * ElementSize(type)) > MaxBytes)
            {
                throw DataFormatException.At(path, $"byte {4 + (4 * i)}", $"the declared dimensions ({string.Join("×", dimensions.Take(i + 1))}) exceed {MaxBytes:N0} bytes");
            }
        }

        long expected = elements * ElementSize(type);
        var bytes = new byte[header + expected];
        magic.CopyTo(bytes, 0);
        sizes.CopyTo(bytes, 4);
        long filled = header;
        while (filled < bytes.LongLength)
        {
            int read = stream.Read(bytes, (int)filled, (int)Math.Min(1 << 20, bytes.LongLength - filled));
            if (read == 0)
            {
                long actual = filled - header;
                long record = ElementSize(type) * (long)dimensions.Skip(1).Aggregate(1L, (a, b) => a * b);
                throw DataFormatException.At(path, $"byte {filled}", $"{what} is truncated: the header declares {string.Join("×", dimensions)} values ({expected} bytes) but {actual} bytes follow, ending in record {actual / Math.Max(record, 1)}");
            }

            filled += read;
            progress?.Report(new LoadProgress(path, filled, total ?? bytes.LongLength, "bytes"));
        }

        long extra = 0;
        var probe = new byte[1 << 16];
        int more;
        while ((more = stream.Read(probe, 0, probe.Length)) > 0 && extra < (1L << 20))
        {
            extra += more;
        }

        if (extra > 0)
        {
            throw DataFormatException.At(path, $"byte {header + expected}", $"{(extra >= 1L << 20 ? "more than 1 MiB" : extra.ToString(System.Globalization.CultureInfo.InvariantCulture))} bytes follow the {string.Join("×", dimensions)} values the header declares");
        }

        return new IdxFile(path, type, dimensions, bytes, header);
    }

    private static int Fill(Stream stream, byte[] buffer, int offset, int count)
    {
        int total = 0;
        while (total < count)
        {
            int read = stream.Read(buffer, offset + total, count - total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <summary>GZipStream ends quietly on a cut file; the trailer's size (mod 2^32) tells.</summary>
    private static void CheckTrailer(string path, FileStream file, long decompressed)
    {
        var trailer = new byte[4];
        file.Seek(-4, SeekOrigin.End);
        file.ReadExactly(trailer);
        uint declared = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        if (file.Length < 18 || declared != (uint)decompressed)
        {
            throw DataFormatException.At(path, $"byte {file.Length} of the compressed file", $"the gzip stream is truncated or corrupt: its trailer declares {declared} bytes but {decompressed} were decompressed");
        }
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
}
