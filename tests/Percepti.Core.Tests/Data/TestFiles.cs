using System.Buffers.Binary;
using System.IO.Compression;

namespace Percepti.Core.Tests.Data;

/// <summary>A temporary folder for files a test writes; deleted on dispose.</summary>
internal sealed class TestFiles : IDisposable
{
    public TestFiles() => Directory = System.IO.Directory.CreateTempSubdirectory("percepti-data").FullName;

    public string Directory { get; }

    public static string BundledDirectory => System.IO.Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist");

    public string Path(string name) => System.IO.Path.Combine(Directory, name);

    public string Write(string name, byte[] bytes, bool gzip = false)
    {
        string path = Path(name);
        if (gzip)
        {
            using var file = File.Create(path);
            using var zip = new GZipStream(file, CompressionLevel.Fastest);
            zip.Write(bytes);
        }
        else
        {
            File.WriteAllBytes(path, bytes);
        }

        return path;
    }

    public string WriteText(string name, string text)
    {
        string path = Path(name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>An IDX file: magic 00 00 type rank, big-endian sizes, then the data.</summary>
    public static byte[] Idx(byte type, int[] dimensions, byte[] data)
    {
        var header = new byte[4 + (4 * dimensions.Length)];
        header[2] = type;
        header[3] = (byte)dimensions.Length;
        for (int i = 0; i < dimensions.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + (4 * i)), dimensions[i]);
        }

        return [.. header, .. data];
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
