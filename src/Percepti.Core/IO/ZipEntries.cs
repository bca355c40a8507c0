using System.IO.Compression;

namespace Percepti.Core.IO;

/// <summary>Reads zip entries as their headers declare them, for the archives the library writes (packages, checkpoints).</summary>
internal static class ZipEntries
{
    /// <summary>
    /// Reads exactly the bytes an entry declares into one array, and not one more: the caller has checked the
    /// declared size against its limit, so nothing is allocated from what the data itself turns out to be.
    /// </summary>
    /// <param name="entry">The entry.</param>
    /// <returns>Its bytes.</returns>
    /// <exception cref="InvalidDataException">The entry holds fewer or more bytes than it declares.</exception>
    public static byte[] ReadDeclared(ZipArchiveEntry entry)
    {
        var bytes = new byte[entry.Length];
        using var stream = entry.Open();
        int filled = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (filled < bytes.Length)
        {
            throw new InvalidDataException($"entry '{entry.FullName}' holds {filled:N0} bytes but declares {entry.Length:N0}; it is truncated");
        }

        if (stream.ReadByte() >= 0)
        {
            throw new InvalidDataException($"entry '{entry.FullName}' holds more data than it declares");
        }

        return bytes;
    }
}
