using System.Buffers.Binary;
using Percepti.Core.Data;

namespace Percepti.Core.Tests.Data;

public sealed class IdxDatasetTests
{
    [Fact]
    public void The_bundled_subset_is_real_fashion_mnist()
    {
        var progress = new List<LoadProgress>();
        var train = FashionMnist.Load(TestFiles.BundledDirectory, progress: new SynchronousProgress(progress.Add));
        var test = FashionMnist.Load(TestFiles.BundledDirectory, test: true);

        train.Count.Should().Be(6000);
        test.Count.Should().Be(1000);
        train.Schema["image"].Shape.Should().Equal(1, 28, 28);
        train.Schema["image"].IsImage.Should().BeTrue();
        train.Schema["label"].ClassNames.Should().Equal(FashionMnist.ClassNames);
        train.Schema["label"].Role.Should().Be(ColumnRole.Target);
        var pixels = train.Read(0, "image");
        pixels.Should().OnlyContain(v => v >= 0 && v <= 1);
        pixels.Max().Should().Be(1f);
        train.ReadClass(0, "label").Should().Be(9, "the first Fashion-MNIST training image is an ankle boot");
        Enumerable.Range(0, 6000).Select(r => train.ReadClass(r, "label")).Distinct().Should().HaveCount(10);
        progress.Should().NotBeEmpty().And.Contain(p => p.Unit == "bytes");
    }

    [Theory]
    [InlineData(0x08, false)]
    [InlineData(0x08, true)]
    [InlineData(0x09, false)]
    [InlineData(0x0B, false)]
    [InlineData(0x0C, true)]
    [InlineData(0x0D, false)]
    [InlineData(0x0E, false)]
    public void Every_idx_element_type_reads_raw_or_gzipped(byte type, bool gzip)
    {
        using var files = new TestFiles();
        int size = type switch { 0x08 or 0x09 => 1, 0x0B => 2, 0x0C or 0x0D => 4, _ => 8 };
        var data = new byte[3 * 2 * 2 * size];
        for (int i = 0; i < 12; i++)
        {
            var slot = data.AsSpan(i * size);
            switch (type)
            {
                case 0x08 or 0x09: slot[0] = (byte)i; break;
                case 0x0B: BinaryPrimitives.WriteInt16BigEndian(slot, (short)i); break;
                case 0x0C: BinaryPrimitives.WriteInt32BigEndian(slot, i); break;
                case 0x0D: BinaryPrimitives.WriteSingleBigEndian(slot, i); break;
                default: BinaryPrimitives.WriteDoubleBigEndian(slot, i); break;
            }
        }

        string images = files.Write("images", TestFiles.Idx(type, [3, 2, 2], data), gzip);
        string labels = files.Write("labels", TestFiles.Idx(0x08, [3], [2, 0, 1]), gzip);
        var dataset = IdxDataset.Load(images, labels);
        var named = IdxDataset.Load(images, labels, new IdxOptions { ImageColumn = "photo", LabelColumn = "kind", ClassNames = ["a", "b", "c"] });
        named.Schema.Columns.Select(c => c.Name).Should().Equal("photo", "kind");
        named.Schema["kind"].ClassNames.Should().Equal("a", "b", "c");

        float scale = type == 0x08 ? 1 / 255f : 1f;
        dataset.Read(1, "image").Should().Equal([4 * scale, 5 * scale, 6 * scale, 7 * scale]);
        dataset.ReadClass(0, "label").Should().Be(2);
        dataset.Schema["label"].ClassNames.Should().Equal("0", "1", "2");
    }

    public static TheoryData<string, byte[], byte[], string> CorruptFiles()
    {
        byte[] labels3 = TestFiles.Idx(0x08, [3], [0, 1, 2]);
        byte[] images3 = TestFiles.Idx(0x08, [3, 2, 2], new byte[12]);
        return new TheoryData<string, byte[], byte[], string>
        {
            { "wrong magic", [0x1F, 0x00, 0x08, 0x03, 0, 0, 0, 3], labels3, "wrong magic number" },
            { "unknown type", TestFiles.Idx(0x07, [3, 2, 2], new byte[12]), labels3, "unknown IDX element type" },
            { "header cut", [0, 0, 8, 3, 0, 0, 0], labels3, "ends inside its header" },
            { "data truncated", TestFiles.Idx(0x08, [3, 2, 2], new byte[11]), labels3, "truncated" },
            { "trailing bytes", TestFiles.Idx(0x08, [3, 2, 2], new byte[13]), labels3, "bytes follow" },
            { "too short", [0, 0], labels3, "4-byte magic" },
            { "count mismatch", images3, TestFiles.Idx(0x08, [2], [0, 1]), "holds 2 labels but" },
            { "labels not rank 1", images3, TestFiles.Idx(0x08, [3, 1], [0, 1, 2]), "rank 1" },
            { "no records", TestFiles.Idx(0x08, [0, 2, 2], []), TestFiles.Idx(0x08, [0], []), "no records" },
            { "negative label", images3, TestFiles.Idx(0x09, [3], [0, 0xFF, 1]), "not a class index" },
            { "label 2^31-1", images3, TestFiles.Idx(0x0C, [3], [0, 0, 0, 0, 0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0, 1]), "record 1" },
            { "label 1e8", images3, TestFiles.Idx(0x0D, [3], [0, 0, 0, 0, .. BitConverter.GetBytes(1e8f).Reverse(), 0, 0, 0, 0]), "label 100000000 is not a class index" },
            { "label +Inf", images3, TestFiles.Idx(0x0D, [3], [0, 0, 0, 0, 0x7F, 0x80, 0, 0, 0, 0, 0, 0]), "label Infinity is not a class index" },
            { "label 3e9", images3, TestFiles.Idx(0x0E, [3], [.. new byte[8], .. BitConverter.GetBytes(3e9).Reverse(), .. new byte[8]]), "record 1" },
            { "rank too high", TestFiles.Idx(0x08, [3, 1, 1, 1, 1], new byte[3]), labels3, "N×H×W" },
            { "huge declared size", TestFiles.Idx(0x08, [int.MaxValue, 65535, 65535], []), labels3, "exceed" },
        };
    }

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public void Corrupt_idx_files_give_a_typed_error_naming_file_and_position(string name, byte[] images, byte[] labels, string problem)
    {
        using var files = new TestFiles();
        string imagesPath = files.Write("images", images);
        string labelsPath = files.Write("labels", labels);
        var act = () => IdxDataset.Load(imagesPath, labelsPath);
        var exception = act.Should().Throw<DataFormatException>(name).Which;
        exception.Message.Should().Contain(problem, name);
        exception.File.Should().BeOneOf(imagesPath, labelsPath);
        exception.Position.Should().MatchRegex("^(byte|record) ", name);
    }

    [Fact]
    public void A_truncated_gzip_stream_is_a_typed_error()
    {
        using var files = new TestFiles();
        string good = files.Write("good.gz", TestFiles.Idx(0x08, [50, 10, 10], [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7))]), gzip: true);
        byte[] bytes = File.ReadAllBytes(good);
        string cut = files.Write("cut.gz", bytes[..(bytes.Length / 2)]);
        string labels = files.Write("labels", TestFiles.Idx(0x08, [50], new byte[50]));

        var act = () => IdxDataset.Load(cut, labels);
        act.Should().Throw<DataFormatException>().Which.Message.Should().Contain("cut.gz").And.Contain("gzip");
    }

    [Fact]
    public void A_missing_file_names_what_to_install()
    {
        using var files = new TestFiles();
        var act = () => FashionMnist.Load(files.Directory);
        act.Should().Throw<DatasetException>().WithMessage("*apt-get install dataset-fashion-mnist*");
    }

    private sealed class SynchronousProgress(Action<LoadProgress> report) : IProgress<LoadProgress>
    {
        public void Report(LoadProgress value) => report(value);
    }

    [Fact]
    public void Classes_are_the_label_values_present_in_numeric_order()
    {
        using var files = new TestFiles();
        string images = files.Write("images", TestFiles.Idx(0x08, [3, 2, 2], new byte[12]));
        string labels = files.Write("labels", TestFiles.Idx(0x08, [3], [0, 200, 7]));
        var dataset = IdxDataset.Load(images, labels);

        dataset.Schema["label"].ClassNames.Should().Equal(["0", "7", "200"], "a class count is never taken from the largest label");
        Enumerable.Range(0, 3).Select(r => dataset.ReadClass(r, "label")).Should().Equal(0, 2, 1);
    }

    [Fact]
    public void A_gzip_file_declaring_more_than_the_limit_is_refused_at_its_header_before_decompressing_the_rest()
    {
        // 10,000×512×512 bytes declared (2.6 billion), then data whose compressed form is damaged further on:
        // the header alone decides, nothing after it is inflated or buffered.
        var random = new Random(3);
        byte[] data = new byte[1 << 20];
        random.NextBytes(data);
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(TestFiles.Idx(0x08, [10_000, 512, 512], data));
        }

        byte[] bytes = compressed.ToArray();
        for (int i = bytes.Length / 2; i < bytes.Length / 2 + 64; i++)
        {
            bytes[i] ^= 0x5A;
        }

        using var files = new TestFiles();
        string images = files.Write("bomb.gz", bytes);
        string labels = files.Write("labels", TestFiles.Idx(0x08, [1], [0]));
        var act = () => IdxDataset.Load(images, labels);
        act.Should().Throw<DataFormatException>().Where(e => e.File == images && e.Position == "byte 12").WithMessage("*10000×512×512*exceed*");
    }
}
