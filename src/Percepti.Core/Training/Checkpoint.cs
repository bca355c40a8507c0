using System.IO.Compression;
using System.Text.Json;
using Percepti.Core.Components.Modules;
using Percepti.Core.Data;
using Percepti.Core.Graph;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Percepti.Core.Training;

/// <summary>
/// A training checkpoint: one zip file with the graph, the fitted preprocessing, the history and
/// position (epoch, step, early-stopping state), the weights, the optimizer state and the random
/// generator state. Written to a temporary file and renamed, so a crash never leaves half a file.
/// </summary>
internal static class Checkpoint
{
    public const string FileName = "last.pckpt";
    // 2: each weight once (format 1 also saved built-in layers under their field names).
    private const int FormatVersion = 2;

    // NaN marks "no best yet" and metrics of empty epochs.
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static string Save(string directory, GraphModule model, optim.Optimizer optimizer, Preprocessor preprocessor, CheckpointState state)
    {
        Directory.CreateDirectory(directory);
        return IO.AtomicFile.Write(Path.Combine(directory, FileName), temporary =>
        {
            using var archive = ZipFile.Open(temporary, ZipArchiveMode.Create);
            Write(archive, "state.json", stream => JsonSerializer.Serialize(stream, state with { FormatVersion = FormatVersion }, Json));
            Write(archive, "graph.json", stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(GraphJson.Serialize(model.Graph))));
            Write(archive, "preprocessing.json", stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(preprocessor.ToJson())));
            Write(archive, "model.bin", stream => model.save(stream));
            Write(archive, "optimizer.bin", stream =>
            {
                using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
                ((OptimizerHelper)optimizer).save_state_dict(writer);
            });
            Write(archive, "rng.bin", stream =>
            {
                using var rng = get_rng_state();
                stream.Write(rng.data<byte>().ToArray());
            });
            Write(archive, "module-rng.bin", stream =>
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
        });
    }

    public static CheckpointState Load(string directory, GraphModule model, optim.Optimizer optimizer)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new TrainingException($"No checkpoint to resume from: {path} does not exist.");
        }

        try
        {
            using var archive = ZipFile.OpenRead(path);
            var state = Read(archive, path, "state.json", stream => JsonSerializer.Deserialize<CheckpointState>(stream, Json))
                ?? throw new TrainingException($"{path}: state.json is empty.");
            if (state.FormatVersion != FormatVersion)
            {
                throw new TrainingException($"{path}: checkpoint format {state.FormatVersion} is not supported (expected {FormatVersion}).");
            }

            var graph = Read(archive, path, "graph.json", stream => GraphJson.Deserialize(new StreamReader(stream).ReadToEnd(), model.Graph.Catalog));
            if (!graph.Equals(model.Graph))
            {
                throw new TrainingException($"{path} holds a checkpoint of a different graph ('{graph.Name}'); resume with the graph it was trained on.");
            }

            Read(archive, path, "model.bin", stream => model.load(stream));
            Read(archive, path, "optimizer.bin", stream =>
            {
                using var reader = new BinaryReader(stream);
                ((OptimizerHelper)optimizer).load_state_dict(reader);
                return true;
            });
            byte[] rng = Read(archive, path, "rng.bin", stream =>
            {
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                return memory.ToArray();
            });
            using var rngState = tensor(rng, dtype: ScalarType.Byte);
            set_rng_state(rngState);
            var modules = model.named_modules().ToDictionary(m => m.name, m => m.module);
            Read(archive, path, "module-rng.bin", stream =>
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
            return state;
        }
        catch (Exception exception) when (exception is InvalidDataException or JsonException or IOException or GraphJsonException or ArgumentException)
        {
            throw new TrainingException($"{path} is not a readable checkpoint: {exception.Message}", exception);
        }
    }

    public static Preprocessor LoadPreprocessing(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new TrainingException($"No checkpoint to resume from: {path} does not exist.");
        }

        using var archive = ZipFile.OpenRead(path);
        return Read(archive, path, "preprocessing.json", stream => Preprocessor.FromJson(new StreamReader(stream).ReadToEnd()));
    }

    private static void Write(ZipArchive archive, string name, Action<Stream> write)
    {
        using var stream = archive.CreateEntry(name, CompressionLevel.Fastest).Open();
        write(stream);
    }

    private static T Read<T>(ZipArchive archive, string path, string name, Func<Stream, T> read)
    {
        var entry = archive.GetEntry(name) ?? throw new TrainingException($"{path} has no '{name}'; it is not a complete checkpoint.");
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        buffer.Position = 0;
        return read(buffer);
    }
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
