using System.Buffers.Binary;
using System.Text;
using Percepti.Core.Data;
using SkiaSharp;

namespace Percepti.Core.Tests.Data;

public sealed class NpyAndImageTests
{
    [Theory]
    [InlineData("<f4", 4)]
    [InlineData("<f8", 8)]
    [InlineData("<i4", 4)]
    [InlineData("<i8", 8)]
    [InlineData("|u1", 1)]
    public void Npy_arrays_of_every_supported_type_load(string type, int size)
    {
        using var files = new TestFiles();
        string inputs = files.Write("x.npy", Npy(type, "(3, 2)", [.. Enumerable.Range(0, 6).SelectMany(i => Encode(type, size, i))]));
        string targets = files.Write("y.npy", Npy("<i8", "(3,)", [.. new[] { 2, 0, 1 }.SelectMany(i => Encode("<i8", 8, i))]));
        var dataset = NpyDataset.Load(inputs, targets);

        dataset.Read(2, "x").Should().Equal(4f, 5f);
        dataset.Schema["y"].Kind.Should().Be(ColumnKind.Categorical);
        dataset.ReadClass(0, "y").Should().Be(2);

        string sparse = files.Write("sparse.npy", Npy("<i8", "(3,)", [.. new[] { 20, 5, 20 }.SelectMany(i => Encode("<i8", 8, i))]));
        NpyDataset.Load(inputs, sparse).Schema["y"].ClassNames.Should().Equal(["5", "20"], "classes are the values present, not 0 to the largest");
        string huge = files.Write("huge.npy", Npy("<i8", "(3,)", [.. BitConverter.GetBytes(0L), .. BitConverter.GetBytes(3_000_000_000L), .. BitConverter.GetBytes(1L)]));
        var hugeLabel = () => NpyDataset.Load(inputs, huge);
        hugeLabel.Should().Throw<DataFormatException>().Where(e => e.Position == "record 1").WithMessage("*label 3E+09 is not a class index*");

        var named = NpyDataset.Load(inputs, targets, new NpyOptions { InputColumn = "pixels", TargetColumn = "digit" });
        named.Schema.Columns.Select(c => c.Name).Should().Equal("pixels", "digit");
        named.Read(2, "pixels").Should().Equal(4f, 5f);
    }

    public static TheoryData<string, byte[], string> CorruptNpy() => new()
    {
        { "bad magic", [.. Encoding.ASCII.GetBytes("NUMPYX"), 1, 0, 0, 0], "\\x93NUMPY" },
        { "bad version", Npy("<f4", "(1,)", new byte[4], version: 9), "version 9" },
        { "big endian", Npy(">f4", "(1,)", new byte[4]), "not supported" },
        { "complex", Npy("<c8", "(1,)", new byte[8]), "not supported" },
        { "fortran order", Npy("<f4", "(2, 2)", new byte[16], fortran: true), "Fortran" },
        { "truncated data", Npy("<f4", "(4,)", new byte[12]), "truncated" },
        { "extra data", Npy("<f4", "(2,)", new byte[12]), "bytes follow" },
        { "header cut", Npy("<f4", "(1,)", new byte[4])[..20], "ends inside its" },
        { "garbled header", Encode1("{'descr': '<f4', 'shape': 7}"), "not a .npy header" },
        { "no rows", Npy("<f4", "(0, 3)", []), "no rows" },
        { "header length 2^32-1", [0x93, .. Encoding.ASCII.GetBytes("NUMPY"), 2, 0, 0xFF, 0xFF, 0xFF, 0xFF, .. new byte[64]], "ends inside its" },
        { "header length near 2^31", [0x93, .. Encoding.ASCII.GetBytes("NUMPY"), 2, 0, 0xF8, 0xFF, 0xFF, 0x7F, .. new byte[64]], "ends inside its" },
        { "shape product overflows", Npy("<f4", "(65536, 65536, 65536, 65536, 65536)", new byte[4]), "holds more than" },
        { "ten dimensions", Npy("<f4", "(1, 1, 1, 1, 1, 1, 1, 1, 1, 1)", new byte[4]), "1 to 9 dimensions" },
        { "zero-sized row", Npy("<f4", "(3, 0)", []), "each at least 1" },
        { "size beyond int", Npy("<f4", "(4294967296,)", []), "not a tuple of sizes" },
    };

    [Theory]
    [MemberData(nameof(CorruptNpy))]
    public void Corrupt_npy_files_give_a_typed_error(string name, byte[] bytes, string problem)
    {
        using var files = new TestFiles();
        string path = files.Write("bad.npy", bytes);
        var act = () => NpyDataset.Load(path);
        act.Should().Throw<DataFormatException>(name).Which.Message.Should().Contain(problem, name);
    }

    [Fact]
    public void Npy_row_counts_must_agree()
    {
        using var files = new TestFiles();
        string x = files.Write("x.npy", Npy("<f4", "(3,)", new byte[12]));
        string y = files.Write("y.npy", Npy("<f4", "(2,)", new byte[8]));
        var act = () => NpyDataset.Load(x, y);
        act.Should().Throw<DataFormatException>().WithMessage("*2 rows but*3*");
    }

    [Fact]
    public void Image_folders_decode_png_jpeg_and_bmp_lazily_into_one_size()
    {
        using var files = new TestFiles();
        string root = files.Path("images");
        Directory.CreateDirectory(Path.Combine(root, "cats"));
        Directory.CreateDirectory(Path.Combine(root, "dogs"));
        WriteEncoded(Path.Combine(root, "cats", "a.png"), 8, 6, SKColors.Red, SKEncodedImageFormat.Png);
        WriteEncoded(Path.Combine(root, "cats", "b.jpg"), 16, 12, SKColors.Green, SKEncodedImageFormat.Jpeg);
        File.WriteAllBytes(Path.Combine(root, "dogs", "c.bmp"), Bmp(4, 3, 0, 0, 255));
        File.WriteAllText(Path.Combine(root, "dogs", "notes.txt"), "not an image");

        var dataset = ImageFolderDataset.Load(root);
        dataset.Count.Should().Be(3);
        dataset.Schema["image"].Shape.Should().Equal([3, 6, 8], "the first image has that size");
        dataset.Schema["label"].ClassNames.Should().Equal("cats", "dogs");
        var red = dataset.Read(0, "image");
        red.Take(48).Should().OnlyContain(v => v > 0.99f, "red channel of a red image");
        red.Skip(48).Should().OnlyContain(v => v < 0.01f);
        var blue = dataset.Read(2, "image");
        blue.Skip(96).Should().OnlyContain(v => v > 0.99f, "the BMP is blue, resized up to 6×8");
        dataset.ReadClass(2, "label").Should().Be(1);

        var gray = ImageFolderDataset.Load(root, height: 4, width: 4, channels: 1);
        gray.Schema["image"].Shape.Should().Equal(1, 4, 4);
        gray.Read(1, "image").Should().OnlyContain(v => Math.Abs(v - 0.587f * (128f / 255f)) < 0.05f, "luma of mid-green");

        // Lazy: corrupting a file after indexing is only noticed when its row is read, naming the file.
        File.WriteAllBytes(Path.Combine(root, "cats", "b.jpg"), [1, 2, 3]);
        var act = () => dataset.Read(1, "image");
        act.Should().Throw<DataFormatException>().Which.File.Should().EndWith("b.jpg");
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, "noise.png")]
    [InlineData(SKEncodedImageFormat.Jpeg, "noise.jpg")]
    public void A_truncated_image_is_an_error_naming_the_file_not_an_image_with_rows_filled_in(SKEncodedImageFormat format, string name)
    {
        using var files = new TestFiles();
        string root = files.Path("images");
        Directory.CreateDirectory(Path.Combine(root, "noise"));
        string path = Path.Combine(root, "noise", name);
        var random = new Random(1);
        using (var bitmap = new SKBitmap(64, 64))
        {
            for (int y = 0; y < 64; y++)
            {
                for (int x = 0; x < 64; x++)
                {
                    bitmap.SetPixel(x, y, new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
                }
            }

            using var image = SKImage.FromBitmap(bitmap);
            using var data = image.Encode(format, 90);
            byte[] bytes = data.ToArray();
            File.WriteAllBytes(path, bytes[..(bytes.Length * 6 / 10)]);
        }

        var dataset = ImageFolderDataset.Load(root);
        var act = () => dataset.Read(0, "image");
        var error = act.Should().Throw<DataFormatException>().Which;
        error.File.Should().Be(path);
        error.Message.Should().Contain("truncated");
    }

    [Fact]
    public void An_image_declaring_a_huge_size_is_refused_before_decoding()
    {
        using var files = new TestFiles();
        string root = files.Path("images");
        Directory.CreateDirectory(Path.Combine(root, "big"));
        string path = Path.Combine(root, "big", "big.png");
        File.WriteAllBytes(path, PngHeaderOnly(20_000, 20_000));

        var act = () => ImageFolderDataset.Load(root);
        act.Should().Throw<DataFormatException>().Where(e => e.File == path && e.Position == "header").WithMessage("*declares 20,000×20,000 pixels*");
        var resize = () => ImageFolderDataset.Load(files.Path("images"), new ImageFolderOptions { Height = 16_384, Width = 16_384 });
        resize.Should().Throw<DatasetException>();
    }

    [Fact]
    public void An_empty_or_missing_image_folder_is_a_typed_error()
    {
        using var files = new TestFiles();
        var missing = () => ImageFolderDataset.Load(files.Path("nope"));
        missing.Should().Throw<DatasetException>().WithMessage("*does not exist*");
        Directory.CreateDirectory(files.Path("empty/class"));
        var empty = () => ImageFolderDataset.Load(files.Path("empty"));
        empty.Should().Throw<DatasetException>().WithMessage("*holds no*");
    }

    [Fact]
    public void Csv_image_paths_are_relative_to_the_file()
    {
        using var files = new TestFiles();
        Directory.CreateDirectory(files.Path("pics"));
        WriteEncoded(files.Path("pics/one.png"), 5, 5, SKColors.White, SKEncodedImageFormat.Png);
        WriteEncoded(files.Path("pics/two.png"), 5, 5, SKColors.Black, SKEncodedImageFormat.Png);
        string csv = files.WriteText("index.csv", "picture,label\npics/one.png,light\npics/two.png,dark\n");
        var dataset = CsvDataset.Load(csv, new CsvOptions { ImageChannels = 1 });

        dataset.Schema["picture"].IsImage.Should().BeTrue();
        dataset.Schema["picture"].Shape.Should().Equal(1, 5, 5);
        dataset.Read(0, "picture").Should().OnlyContain(v => v > 0.99f);
        dataset.Read(1, "picture").Should().OnlyContain(v => v < 0.01f);
        dataset.Schema["label"].Kind.Should().Be(ColumnKind.Binary);
    }

    /// <summary>A PNG signature and IHDR chunk declaring a size, with one empty IDAT: a few dozen bytes.</summary>
    private static byte[] PngHeaderOnly(int width, int height)
    {
        static byte[] Chunk(string type, byte[] data)
        {
            byte[] name = Encoding.ASCII.GetBytes(type);
            byte[] length = new byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
            byte[] crc = new byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32([.. name, .. data]));
            return [.. length, .. name, .. data, .. crc];
        }

        byte[] header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;   // bit depth
        header[9] = 2;   // RGB
        using var compressed = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(new byte[16]);
        }

        return [137, 80, 78, 71, 13, 10, 26, 10, .. Chunk("IHDR", header), .. Chunk("IDAT", compressed.ToArray()), .. Chunk("IEND", [])];
    }

    private static uint Crc32(byte[] bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }

    private static void WriteEncoded(string path, int width, int height, SKColor color, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(color == SKColors.Green ? new SKColor(0, 128, 0) : color);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    /// <summary>A 24-bit uncompressed BMP of one colour.</summary>
    private static byte[] Bmp(int width, int height, byte r, byte g, byte b)
    {
        int stride = ((width * 3) + 3) & ~3;
        var bytes = new byte[54 + (stride * height)];
        bytes[0] = (byte)'B';
        bytes[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(2), bytes.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(28), 24);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int offset = 54 + (y * stride) + (x * 3);
                bytes[offset] = b;
                bytes[offset + 1] = g;
                bytes[offset + 2] = r;
            }
        }

        return bytes;
    }

    private static byte[] Npy(string type, string shape, byte[] data, int version = 1, bool fortran = false)
    {
        string header = $"{{'descr': '{type}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";
        int total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + ((64 - (total % 64)) % 64)) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange(Encoding.ASCII.GetBytes("NUMPY"));
        bytes.Add((byte)version);
        bytes.Add(0);
        bytes.AddRange(BitConverter.GetBytes((ushort)header.Length));
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(data);
        return [.. bytes];
    }

    private static byte[] Encode1(string header)
    {
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange(Encoding.ASCII.GetBytes("NUMPY"));
        bytes.AddRange([1, 0]);
        bytes.AddRange(BitConverter.GetBytes((ushort)header.Length));
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        return [.. bytes];
    }

    private static byte[] Encode(string type, int size, int value)
    {
        var bytes = new byte[size];
        switch (type)
        {
            case "<f4": BinaryPrimitives.WriteSingleLittleEndian(bytes, value); break;
            case "<f8": BinaryPrimitives.WriteDoubleLittleEndian(bytes, value); break;
            case "<i4": BinaryPrimitives.WriteInt32LittleEndian(bytes, value); break;
            case "<i8": BinaryPrimitives.WriteInt64LittleEndian(bytes, value); break;
            default: bytes[0] = (byte)value; break;
        }

        return bytes;
    }
}
