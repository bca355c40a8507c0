using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Percepti.Core.Components.Modules;
using Percepti.Core.Data;
using Percepti.Core.Graph;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Percepti.Core.Training;

/// <summary>
/// A training checkpoint: one zip file with the graph, the fitted preprocessing, the history and
/// position (epoch, step, early-stopping state), the weights, the optimizer state and the random
/// generator state. Written to a temporary file and renamed, so a crash never leaves half a file; a
/// manifest of SHA-256 checksums lets loading refuse a changed or damaged checkpoint before using any of it.
/// </summary>
internal static partial class Checkpoint
{
    public const string FileName = "last.pckpt";

    // 3: a manifest of checksums; 2: each weight once (format 1 also saved built-in layers under their field names).
    private const int FormatVersion = 3;
    private const string ManifestName = "manifest.json";
    private const long MaxEntryBytes = 0x7FFFFFC7;

    // NaN marks "no best yet" and metrics of empty epochs.
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static string Save(string directory, GraphModule model, optim.Optimizer optimizer, Preprocessor preprocessor, CheckpointState state)
    {
        Directory.CreateDirectory(directory);
        return IO.AtomicFile.Write(Path.Combine(directory, FileName), temporary =>
        {
            using var archive = ZipFile.Open(temporary, ZipArchiveMode.Create);
            var checksums = new Dictionary<string, string>(StringComparer.Ordinal);
            void Write(string name, Action<Stream> write) => checksums[name] = WriteEntry(archive, name, write);
            Write("state.json", stream => JsonSerializer.Serialize(stream, state with { FormatVersion = FormatVersion }, Json));
            Write("graph.json", stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(GraphJson.Serialize(model.Graph))));
            Write("preprocessing.json", stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(preprocessor.ToJson())));
            Write("model.bin", stream => model.save(stream));
            Write("optimizer.bin", stream =>
            {
                using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
                ((OptimizerHelper)optimizer).save_state_dict(writer);
            });
            Write("rng.bin", stream =>
            {
                using var rng = get_rng_state();
                stream.Write(rng.data<byte>().ToArray());
            });
            Write("module-rng.bin", stream =>
            {
                // Components with their own random stream (dropout): name, length, state.
                using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
                foreach (var (name, module) in model.named_modules())
                {
                    if (module is ISeededModule seeded)
                    {
                        byte[] randomState = seeded.GetRandomState();
                        writer.Write(name);
                        writer.Write(randomState.Length);
                        writer.Write(randomState);
                    }
                }
            });
            WriteEntry(archive, ManifestName, stream => JsonSerializer.Serialize(stream, checksums, Json));
        });
    }

    /// <summary>
    /// Removes the temporary files a run killed while writing a checkpoint left behind: only this file's own
    /// pattern (<c>last.pckpt.&lt;32 hex&gt;.tmp</c>), only in the checkpoint folder, only older than the live run.
    /// </summary>
    /// <param name="directory">The checkpoint folder.</param>
    /// <param name="startedUtc">When the live run started; its own temporary files are newer.</param>
    /// <returns>How many files were removed.</returns>
    public static int RemoveStaleTemporaries(string directory, DateTimeOffset startedUtc)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        int removed = 0;
        foreach (string file in Directory.EnumerateFiles(directory, FileName + ".*.tmp", SearchOption.TopDirectoryOnly))
        {
            if (TemporaryName().IsMatch(Path.GetFileName(file)) && File.GetLastWriteTimeUtc(file) < startedUtc)
            {
                try
                {
                    File.Delete(file);
                    removed++;
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    // Another process may hold it; it is only litter, never read.
                }
            }
        }

        return removed;
    }

    /// <summary>
    /// Restores the module's weights and the random states from a checkpoint, checking it first. The optimizer's
    /// state is restored separately (<see cref="RestoreOptimizer"/>), once the optimizer exists: see <see cref="ModelPlacement"/>.
    /// </summary>
    public static RestoredCheckpoint Load(string directory, GraphModule model)
    {
        string path = Path.Combine(directory, FileName);
        var entries = ReadVerified(path);
        try
        {
            var state = Parse(entries, path, "state.json", stream => JsonSerializer.Deserialize<CheckpointState>(stream, Json))
                ?? throw new TrainingException($"{path}: state.json is empty.");
            if (state.FormatVersion != FormatVersion)
            {
                throw new TrainingException($"{path}: checkpoint format {state.FormatVersion} is not supported (expected {FormatVersion}).");
            }

            var graph = Parse(entries, path, "graph.json", stream => GraphJson.Deserialize(new StreamReader(stream).ReadToEnd(), model.Graph.Catalog));
            if (!graph.Equals(model.Graph))
            {
                throw new TrainingException($"{path} holds a checkpoint of a different graph ('{graph.Name}'); resume with the graph it was trained on.");
            }

            Parse(entries, path, "model.bin", stream => model.load(stream));
            using var rngState = tensor(entries["rng.bin"], dtype: ScalarType.Byte);
            set_rng_state(rngState);
            var modules = model.named_modules().ToDictionary(m => m.name, m => m.module);
            Parse(entries, path, "module-rng.bin", stream =>
            {
                using var reader = new BinaryReader(stream);
                while (stream.Position < stream.Length)
                {
                    string name = reader.ReadString();
                    byte[] bytes = reader.ReadBytes(reader.ReadInt32());
                    if (modules.GetValueOrDefault(name) is not ISeededModule seeded)
                    {
                        throw new TrainingException($"{path}: the random state of '{name}' belongs to no component of this graph.");
                    }

                    seeded.SetRandomState(bytes);
                }

                return true;
            });
            return new RestoredCheckpoint(path, state, entries);
        }
        catch (Exception exception) when (exception is InvalidDataException or JsonException or IOException or GraphJsonException or ArgumentException or System.Runtime.InteropServices.ExternalException)
        {
            throw Unreadable(path, exception);
        }
    }

    /// <summary>Restores the optimizer's state (moments, step counts) saved with the checkpoint.</summary>
    public static void RestoreOptimizer(RestoredCheckpoint checkpoint, optim.Optimizer optimizer)
    {
        try
        {
            Parse(checkpoint.Entries, checkpoint.Path, "optimizer.bin", stream =>
            {
                using var reader = new BinaryReader(stream);
                ((OptimizerHelper)optimizer).load_state_dict(reader);
                return true;
            });
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or ArgumentException or KeyNotFoundException or System.Runtime.InteropServices.ExternalException)
        {
            throw Unreadable(checkpoint.Path, exception);
        }
    }

    /// <summary>The one message for a checkpoint whose content cannot be used; the cause is the inner exception.</summary>
    private static TrainingException Unreadable(string path, Exception exception) =>
        new($"{path} is not a readable checkpoint: {exception.Message}", exception);

    public static Preprocessor LoadPreprocessing(string directory)
    {
        string path = Path.Combine(directory, FileName);
        var entries = ReadVerified(path);
        try
        {
            return Parse(entries, path, "preprocessing.json", stream => Preprocessor.FromJson(new StreamReader(stream).ReadToEnd()));
        }
        catch (DatasetException exception)
        {
            throw Unreadable(path, exception);
        }
    }

    /// <summary>
    /// Reads every entry of a checkpoint and checks it against the manifest's checksums before anything is used:
    /// a truncated, damaged or edited checkpoint is a <see cref="TrainingException"/> naming the file.
    /// </summary>
    private static Dictionary<string, byte[]> ReadVerified(string path)
    {
        if (!File.Exists(path))
        {
            throw new TrainingException($"No checkpoint to resume from: {path} does not exist.");
        }

        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var archive = ZipFile.OpenRead(path);
            foreach (var entry in archive.Entries)
            {
                if (entry.Length > MaxEntryBytes || !entries.TryAdd(entry.FullName, IO.ZipEntries.ReadDeclared(entry)))
                {
                    throw new TrainingException($"{path}: entry '{entry.FullName}' is too large or appears twice; the checkpoint is damaged.");
                }
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or NotSupportedException)
        {
            throw new TrainingException($"{path} is not a readable checkpoint (corrupt or truncated): {exception.Message}", exception);
        }

        if (!entries.TryGetValue(ManifestName, out var manifestBytes))
        {
            throw new TrainingException($"{path} has no checksums ('{ManifestName}'): it was written by an older version or damaged; start the run again.");
        }

        Dictionary<string, string>? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<Dictionary<string, string>>(manifestBytes, Json);
        }
        catch (JsonException exception)
        {
            throw new TrainingException($"{path}: '{ManifestName}' is not valid JSON: {exception.Message}", exception);
        }

        string[] required = ["state.json", "graph.json", "preprocessing.json", "model.bin", "optimizer.bin", "rng.bin", "module-rng.bin"];
        foreach (string name in required)
        {
            if (!entries.TryGetValue(name, out var bytes))
            {
                throw new TrainingException($"{path} has no '{name}'; it is not a complete checkpoint.");
            }

            if (manifest is null || !manifest.TryGetValue(name, out var expected) || !string.Equals(expected, Convert.ToHexString(SHA256.HashData(bytes)), StringComparison.OrdinalIgnoreCase))
            {
                throw new TrainingException($"{path}: '{name}' does not match its checksum; the checkpoint was changed or damaged.");
            }
        }

        return entries;
    }

    private static string WriteEntry(ZipArchive archive, string name, Action<Stream> write)
    {
        using var buffer = new MemoryStream();
        write(buffer);

        // ToArray works even when the writer closed the stream (TorchSharp's save does).
        byte[] bytes = buffer.ToArray();
        using (var stream = archive.CreateEntry(name, CompressionLevel.Fastest).Open())
        {
            stream.Write(bytes);
        }

        return Convert.ToHexString(SHA256.HashData(bytes));
    }

    private static T Parse<T>(Dictionary<string, byte[]> entries, string path, string name, Func<Stream, T> read)
    {
        using var stream = new MemoryStream(entries[name], writable: false);
        return read(stream);
    }

    [GeneratedRegex("^last\\.pckpt\\.[0-9a-f]{32}\\.tmp$")]
    private static partial Regex TemporaryName();
}

/// <summary>Where a run stood when its checkpoint was written.</summary>
internal sealed record CheckpointState
{
    public int FormatVersion { get; init; }

    public int Epoch { get; init; }

    public int Step { get; init; }

    public List<Dictionary<string, double>> History { get; init; } = [];

    public double Best { get; init; } = double.NaN;

    public int SinceBest { get; init; }
}
