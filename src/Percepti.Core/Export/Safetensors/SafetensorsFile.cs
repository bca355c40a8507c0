using System.Buffers.Binary;
using System.Text.Json;
using static TorchSharp.torch;

namespace Percepti.Core.Export.Safetensors;

/// <summary>
/// Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header naming each tensor's
/// dtype, shape and byte range, then the raw bytes. Reading is strict and checks everything before it allocates for
/// the data: the header's size against the file, every range against the data section (inside it, no overlap, no
/// gap), every byte count against its shape and dtype. Nothing in the file is ever executed (no pickle).
/// </summary>
internal static class SafetensorsFile
{
    /// <summary>The largest header read (the format's own readers stop at 100 MB; a model's header is kilobytes).</summary>
    public const long MaxHeaderBytes = 16L * 1024 * 1024;

    /// <summary>Reads every tensor of a file onto the CPU, after checking the whole header.</summary>
    /// <param name="path">The file.</param>
    /// <param name="accept">
    /// Checks the declared tensors (in the order of their bytes) before anything is allocated for them, e.g. against
    /// a model's names, dtypes and shapes; throws to refuse the file. Null accepts any valid file.
    /// </param>
    /// <returns>Name to tensor; the caller owns them.</returns>
    /// <exception cref="SafetensorsException">The file is not valid safetensors, or <paramref name="accept"/> refused it.</exception>
    public static Dictionary<string, Tensor> Read(string path, Action<IReadOnlyList<SafetensorsEntry>>? accept = null)
    {
        using var stream = Open(path);
        var entries = ReadHeader(path, stream, out long dataStart);
        accept?.Invoke(entries);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var entry in entries)
            {
                if (entry.Length > int.MaxValue)
                {
                    throw new SafetensorsException($"{path}: tensor '{entry.Name}' holds {entry.Length:N0} bytes; tensors over 2 GiB are not read.");
                }

                var tensor = empty(entry.Shape, entry.DType);
                result[entry.Name] = tensor;
                if (entry.Length > 0)
                {
                    stream.Position = dataStart + entry.Begin;
                    stream.ReadExactly(tensor.bytes);
                }
            }
        }
        catch
        {
            foreach (var tensor in result.Values)
            {
                tensor.Dispose();
            }

            throw;
        }

        return result;
    }

    /// <summary>Writes tensors (copied to the CPU, contiguous), in name order, atomically.</summary>
    /// <param name="path">The file.</param>
    /// <param name="tensors">Name to tensor.</param>
    /// <param name="metadata">String pairs for the header's <c>__metadata__</c>.</param>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        IO.AtomicFile.Write(path, temporary =>
        {
            using var file = File.Create(temporary);
            Write(file, tensors, metadata);
        });
    }

    private static void Write(Stream destination, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        EnsureLittleEndian();
        var names = tensors.Keys.Order(StringComparer.Ordinal).ToList();
        using var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            foreach (var (key, value) in metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            long offset = 0;
            foreach (string name in names)
            {
                var tensor = tensors[name];
                long length = tensor.numel() * tensor.ElementSize;
                json.WriteStartObject(name);
                json.WriteString("dtype", SafetensorsDTypes.NameOf(tensor.dtype));
                json.WriteStartArray("shape");
                foreach (long dimension in tensor.shape)
                {
                    json.WriteNumberValue(dimension);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += length;
            }

            json.WriteEndObject();
        }

        // The data starts on an 8-byte boundary: the header is padded with spaces, as the format allows.
        int padding = (int)((8 - (header.Length % 8)) % 8);
        Span<byte> length8 = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length8, (ulong)(header.Length + padding));
        destination.Write(length8);
        header.Position = 0;
        header.CopyTo(destination);
        for (int i = 0; i < padding; i++)
        {
            destination.WriteByte((byte)' ');
        }

        foreach (string name in names)
        {
            using var scope = NewDisposeScope();
            var cpu = tensors[name].detach().cpu().contiguous();
            if (cpu.numel() > 0)
            {
                destination.Write(cpu.bytes);
            }
        }
    }

    private static FileStream Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new SafetensorsException($"{path}: cannot be opened: {exception.Message}", exception);
        }
    }

    private static List<SafetensorsEntry> ReadHeader(string path, Stream stream, out long dataStart)
    {
        EnsureLittleEndian();
        long fileLength = stream.Length;
        if (fileLength < 8)
        {
            throw new SafetensorsException($"{path}: {fileLength} bytes is too short for a safetensors file (it starts with an 8-byte header length).");
        }

        Span<byte> length8 = stackalloc byte[8];
        stream.ReadExactly(length8);
        ulong declared = BinaryPrimitives.ReadUInt64LittleEndian(length8);
        if (declared < 2 || declared > (ulong)Math.Min(MaxHeaderBytes, fileLength - 8))
        {
            throw new SafetensorsException($"{path}: the header length {declared:N0} at byte 0 is out of range: it must be at least 2 and at most {Math.Min(MaxHeaderBytes, fileLength - 8):N0} (the rest of the file, up to {MaxHeaderBytes:N0}).");
        }

        byte[] header = new byte[(int)declared];
        stream.ReadExactly(header);
        dataStart = 8 + (long)declared;
        long dataLength = fileLength - dataStart;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header.AsMemory().TrimEnd((byte)' '), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException exception)
        {
            throw new SafetensorsException($"{path}: the header is not valid JSON: {exception.Message}", exception);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new SafetensorsException($"{path}: the header must be a JSON object, not {document.RootElement.ValueKind}.");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            var entries = new List<SafetensorsEntry>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                string where = $"$['{property.Name}']";
                if (!seen.Add(property.Name))
                {
                    throw new SafetensorsException($"{path}: {where} is declared twice.");
                }

                if (property.Name == "__metadata__")
                {
                    CheckMetadata(path, where, property.Value);
                    continue;
                }

                entries.Add(Entry(path, where, property.Name, property.Value, dataLength));
            }

            // The byte ranges must tile the data section: no overlap (two names sharing or clobbering bytes), no gap.
            entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
            long expected = 0;
            foreach (var entry in entries)
            {
                if (entry.Begin != expected)
                {
                    string problem = entry.Begin < expected ? "overlaps the tensor before it" : "leaves a gap before it";
                    throw new SafetensorsException($"{path}: $['{entry.Name}'].data_offsets [{entry.Begin}, {entry.End}] {problem} (expected to start at {expected}).");
                }

                expected = entry.End;
            }

            if (expected != dataLength)
            {
                throw new SafetensorsException($"{path}: the tensors declare {expected:N0} bytes of data but the file holds {dataLength:N0} after the header.");
            }

            return entries;
        }
    }

    private static SafetensorsEntry Entry(string path, string where, string name, JsonElement value, long dataLength)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new SafetensorsException($"{path}: {where} must be an object with dtype, shape and data_offsets.");
        }

        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
        {
            throw new SafetensorsException($"{path}: {where}.dtype is missing or not a string.");
        }

        string dtypeName = dtypeElement.GetString()!;
        if (!SafetensorsDTypes.TryParse(dtypeName, out var dtype, out int elementSize))
        {
            throw new SafetensorsException($"{path}: {where}.dtype '{dtypeName}' is not one this library reads ({SafetensorsDTypes.Names}).");
        }

        if (!value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array || shapeElement.GetArrayLength() > 32)
        {
            throw new SafetensorsException($"{path}: {where}.shape is missing, not an array, or has more than 32 dimensions.");
        }

        var shape = new long[shapeElement.GetArrayLength()];
        long bytes = elementSize;
        int index = 0;
        foreach (var dimension in shapeElement.EnumerateArray())
        {
            if (dimension.ValueKind != JsonValueKind.Number || !dimension.TryGetInt64(out long size) || size < 0)
            {
                throw new SafetensorsException($"{path}: {where}.shape[{index}] must be a non-negative integer.");
            }

            shape[index++] = size;

            // Bounded by the data section before any multiplication can overflow.
            bytes = size == 0 ? 0 : bytes > dataLength / size ? long.MaxValue : bytes * size;
        }

        if (!value.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2
            || !offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end))
        {
            throw new SafetensorsException($"{path}: {where}.data_offsets must be two integers [begin, end].");
        }

        if (begin < 0 || end < begin || end > dataLength)
        {
            throw new SafetensorsException($"{path}: {where}.data_offsets [{begin}, {end}] are outside the {dataLength:N0} bytes of data.");
        }

        if (end - begin != bytes)
        {
            string declared = bytes == long.MaxValue ? "more than the file holds" : $"{bytes:N0} bytes";
            throw new SafetensorsException($"{path}: {where} is {dtypeName} of shape [{string.Join(", ", shape)}], {declared}, but data_offsets [{begin}, {end}] give {end - begin:N0}.");
        }

        foreach (var extra in value.EnumerateObject())
        {
            if (extra.Name is not ("dtype" or "shape" or "data_offsets"))
            {
                throw new SafetensorsException($"{path}: {where}.{extra.Name} is not part of the format.");
            }
        }

        return new SafetensorsEntry(name, dtype, shape, begin, end);
    }

    private static void CheckMetadata(string path, string where, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object || value.EnumerateObject().Any(p => p.Value.ValueKind != JsonValueKind.String))
        {
            throw new SafetensorsException($"{path}: {where} must map names to strings.");
        }
    }

    private static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("safetensors files are little-endian; this host is not.");
        }
    }
}
