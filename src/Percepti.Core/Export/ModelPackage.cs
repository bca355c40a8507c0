using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Percepti.Core.Data;
using Percepti.Core.Graph;
using Percepti.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Percepti.Core.Export;

/// <summary>
/// A trained model in one file (<c>.pmodel</c>, a zip): the graph as JSON, the weights, the fitted
/// preprocessing (statistics, class names, shapes), metrics and versions, with a manifest of SHA-256
/// checksums. Saving is atomic; loading validates everything and never runs code from the file.
/// </summary>
public static class ModelPackage
{
    /// <summary>The package format this library writes and reads (2: each weight stored once; format 1 stored built-in layers twice).</summary>
    public const int FormatVersion = 2;

    /// <summary>The largest weights entry read, in bytes (the largest array .NET allocates).</summary>
    public const long MaxEntryBytes = 0x7FFFFFC7;

    /// <summary>The largest JSON entry read (graph, preprocessing), in bytes; the manifest and metrics get 1 MiB.</summary>
    public const long MaxJsonEntryBytes = 16L * 1024 * 1024;

    /// <summary>
    /// The most an entry larger than 1 MiB may inflate, relative to its compressed size. Stored weights barely
    /// compress; a higher ratio is a zip bomb.
    /// </summary>
    public const int MaxCompressionRatio = 200;

    private const string ManifestName = "manifest.json";
    private const string WeightsName = "weights.bin";
    private static readonly Dictionary<string, long> EntryLimits = new(StringComparer.Ordinal)
    {
        [ManifestName] = 1L << 20,
        ["metrics.json"] = 1L << 20,
        ["graph.json"] = MaxJsonEntryBytes,
        ["preprocessing.json"] = MaxJsonEntryBytes,
        [WeightsName] = MaxEntryBytes,
    };

    private static readonly string[] PayloadEntries = ["graph.json", "preprocessing.json", "weights.bin", "metrics.json"];
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Writes a trained model to a file, atomically (temporary file, then rename).</summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The file, conventionally <c>*.pmodel</c>.</param>
    /// <param name="metrics">Metrics to keep with it (e.g. the final epoch's), or null.</param>
    public static void Save(TrainedModel model, string path, IReadOnlyDictionary<string, double>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(path);
        var entries = Entries(model, metrics);
        IO.AtomicFile.Write(path, temporary =>
        {
            using var file = File.Create(temporary);
            WriteArchive(file, entries);
        });
    }

    /// <summary>
    /// Writes a trained model as a package to a stream (e.g. an HTTP response or a download), the same bytes
    /// <see cref="Save(TrainedModel, string, IReadOnlyDictionary{string, double}?)"/> writes to a file. The stream stays open.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="destination">A writable stream.</param>
    /// <param name="metrics">Metrics to keep with it, or null.</param>
    public static void Save(TrainedModel model, Stream destination, IReadOnlyDictionary<string, double>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(destination);
        if (!destination.CanWrite)
        {
            throw new ArgumentException("The stream is not writable.", nameof(destination));
        }

        WriteArchive(destination, Entries(model, metrics));
    }

    /// <summary>The package's entries, manifest first, each as the bytes written.</summary>
    private static List<(string Name, byte[] Bytes)> Entries(TrainedModel model, IReadOnlyDictionary<string, double>? metrics)
    {
        var payload = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["graph.json"] = Encoding.UTF8.GetBytes(GraphJson.Serialize(model.Graph)),
            ["preprocessing.json"] = Encoding.UTF8.GetBytes(model.Preprocessing.ToJson()),
            ["metrics.json"] = JsonSerializer.SerializeToUtf8Bytes(metrics ?? new Dictionary<string, double>(), Json),
        };
        using (var weights = new MemoryStream())
        {
            model.Module.save(weights);
            payload["weights.bin"] = weights.ToArray();
        }

        var manifest = new Manifest
        {
            FormatVersion = FormatVersion,
            Library = typeof(ModelPackage).Assembly.GetName().Version?.ToString() ?? "unknown",
            TorchSharp = typeof(Tensor).Assembly.GetName().Version?.ToString() ?? "unknown",
            Created = TimeProvider.System.GetUtcNow(),
            Entries = payload.ToDictionary(p => p.Key, p => new ManifestEntry(Convert.ToHexString(SHA256.HashData(p.Value)), p.Value.LongLength), StringComparer.Ordinal),
        };

        return [(ManifestName, JsonSerializer.SerializeToUtf8Bytes(manifest, Json)), .. payload.Select(p => (p.Key, p.Value))];
    }

    private static void WriteArchive(Stream destination, List<(string Name, byte[] Bytes)> entries)
    {
        using var archive = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (name, bytes) in entries)
        {
            WriteEntry(archive, name, bytes);
        }
    }

    /// <summary>
    /// Makes a model package from weights trained elsewhere (e.g. by PyTorch, on the module of
    /// <see cref="CodeView.PyTorch"/>): the graph is compiled, the safetensors weights replace its initial ones
    /// (strictly: every name, dtype and shape must match the graph's, see <see cref="CodeView.PyTorch"/>), and the
    /// package is written atomically with the fitted preprocessing, so <see cref="Predictor"/> serves it like a model
    /// trained here.
    /// </summary>
    /// <param name="graph">The graph the weights were trained for.</param>
    /// <param name="preprocessing">The preprocessing fitted on the training split (e.g. read back with <see cref="Preprocessor.FromJson"/>).</param>
    /// <param name="weightsPath">The safetensors file.</param>
    /// <param name="packagePath">The package to write, conventionally <c>*.pmodel</c>.</param>
    /// <param name="metrics">Metrics to keep with it, or null.</param>
    /// <exception cref="SafetensorsException">The weights file is malformed or does not fit the graph; nothing is written.</exception>
    /// <exception cref="GraphValidationException">The graph has errors.</exception>
    public static void FromSafetensors(ModelGraph graph, Preprocessor preprocessing, string weightsPath, string packagePath, IReadOnlyDictionary<string, double>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(preprocessing);
        ArgumentNullException.ThrowIfNull(weightsPath);
        ArgumentNullException.ThrowIfNull(packagePath);
        var module = GraphModule.Compile(graph, seed: 0);
        using var model = new TrainedModel(module, preprocessing);
        Safetensors.SafetensorsWeights.Load(module, weightsPath);
        Save(model, packagePath, metrics);
    }

    /// <summary>Reads and validates a model package.</summary>
    /// <param name="path">The file.</param>
    /// <param name="catalog">Resolves the graph's kinds; <see cref="Percepti.Core.Graph.ComponentCatalog.Default"/> when null.</param>
    /// <param name="backend">Where to place the weights; the CPU when null.</param>
    /// <returns>The model and the metrics stored with it; the caller disposes it.</returns>
    /// <exception cref="ModelPackageException">The file is missing, corrupt, truncated, tampered with or of another format.</exception>
    public static LoadedModel Load(string path, Percepti.Core.Graph.ComponentCatalog? catalog = null, Backends.IComputeBackend? backend = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ModelPackageException($"{path} does not exist.");
        }

        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(path);
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or NotSupportedException)
        {
            throw Unreadable(path, exception);
        }

        Dictionary<string, byte[]> entries;
        ModelGraph graph;
        Preprocessor preprocessor;
        using (archive)
        {
            // Everything but the weights first: the stored graph decides how large its weights may be.
            entries = ReadEntries(path, archive, name => name != WeightsName);
            var manifest = Parse<Manifest>(path, ManifestName, entries[ManifestName]);
            if (manifest.FormatVersion != FormatVersion)
            {
                throw new ModelPackageException($"{path}: package format {manifest.FormatVersion} is not supported (this library reads {FormatVersion}).");
            }

            foreach (string name in PayloadEntries.Where(n => n != WeightsName))
            {
                Verify(path, manifest, name, entries[name]);
            }

            try
            {
                graph = GraphJson.Deserialize(Encoding.UTF8.GetString(entries["graph.json"]), catalog);
                preprocessor = Preprocessor.FromJson(Encoding.UTF8.GetString(entries["preprocessing.json"]));

                // A package whose preprocessing does not fit its graph would predict from misshapen inputs.
                ColumnBinding.Check(graph, preprocessor.Columns, null, "its preprocessing.json");
            }
            catch (Exception exception) when (exception is GraphJsonException or DatasetException)
            {
                throw new ModelPackageException($"{path}: {exception.Message}", exception);
            }

            // The graph is checked against the limits before its weights are read or anything is built.
            var analysis = graph.Analyze();
            if (!analysis.IsValid)
            {
                throw new ModelPackageException($"{path}: the stored graph is not valid: {analysis.Errors.First()}");
            }

            // Weights hold each parameter once (4 bytes), buffers such as running statistics (never more than
            // the parameters again) and names: a larger entry is not this graph's weights.
            long bound = Math.Min(MaxEntryBytes, (8 * analysis.TotalParameters) + (256L * graph.Nodes.Count) + (1L << 20));
            if (archive.GetEntry(WeightsName) is { } weights && weights.Length > bound)
            {
                throw new ModelPackageException($"{path}: '{WeightsName}' declares {weights.Length:N0} bytes, more than a graph of {analysis.TotalParameters:N0} parameters can hold ({bound:N0}).");
            }

            entries[WeightsName] = ReadEntries(path, archive, name => name == WeightsName)[WeightsName];
            Verify(path, manifest, WeightsName, entries[WeightsName]);
        }

        var metrics = Parse<Dictionary<string, double>>(path, "metrics.json", entries["metrics.json"]);
        GraphModule module;
        try
        {
            module = GraphModule.Compile(graph);
        }
        catch (GraphValidationException exception)
        {
            throw new ModelPackageException($"{path}: the stored graph is not valid: {exception.Message}", exception);
        }

        try
        {
            using var weights = new MemoryStream(entries["weights.bin"]);
            module.load(weights, strict: true);
            module.eval();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            module.Dispose();
            throw new ModelPackageException($"{path}: the weights do not fit the stored graph: {exception.Message}", exception);
        }

        var target = backend ?? Backends.ComputeBackend.Cpu;
        try
        {
            target.Activate();
            module.to(target.Device);
        }
        catch
        {
            // An unavailable backend keeps its own exception and reason.
            module.Dispose();
            throw;
        }

        return new LoadedModel(new TrainedModel(module, preprocessor, target.Device), metrics);
    }

    private static ModelPackageException Unreadable(string path, Exception exception) =>
        new($"{path} is not a readable model package (corrupt or truncated zip): {exception.Message}", exception);

    private static void Verify(string path, Manifest manifest, string name, byte[] bytes)
    {
        if (manifest.Entries is null || !manifest.Entries.TryGetValue(name, out var expected) || expected?.Sha256 is null)
        {
            throw new ModelPackageException($"{path}: the manifest does not list '{name}'.");
        }

        string actual = Convert.ToHexString(SHA256.HashData(bytes));
        if (bytes.LongLength != expected.Length || !string.Equals(actual, expected.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelPackageException($"{path}: '{name}' does not match its checksum in the manifest; the file was changed or damaged.");
        }
    }

    /// <summary>Reads the entries <paramref name="wanted"/> selects; every entry name is checked, wanted or not.</summary>
    private static Dictionary<string, byte[]> ReadEntries(string path, ZipArchive archive, Func<string, bool> wanted)
    {
        try
        {
            return ReadSelectedEntries(path, archive, wanted);
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or NotSupportedException)
        {
            throw Unreadable(path, exception);
        }
    }

    private static Dictionary<string, byte[]> ReadSelectedEntries(string path, ZipArchive archive, Func<string, bool> wanted)
    {
        var allowed = PayloadEntries.Append(ManifestName).ToHashSet(StringComparer.Ordinal);
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in archive.Entries)
        {
            // Only the known flat names: nothing to traverse, nothing else is ever extracted.
            if (!allowed.Contains(entry.FullName))
            {
                throw new ModelPackageException($"{path}: unexpected entry '{entry.FullName}'; a model package holds only {string.Join(", ", allowed)}.");
            }

            if (!seen.Add(entry.FullName))
            {
                throw new ModelPackageException($"{path}: entry '{entry.FullName}' appears twice.");
            }

            if (!wanted(entry.FullName))
            {
                continue;
            }

            // Sizes are decided before allocating: the declared size against the entry's limit and against
            // its compressed size; then exactly that many bytes are read, and not one more.
            long limit = EntryLimits[entry.FullName];
            if (entry.Length > limit)
            {
                throw new ModelPackageException($"{path}: entry '{entry.FullName}' declares {entry.Length:N0} bytes; the limit is {limit:N0}.");
            }

            if (entry.Length > (1L << 20) && entry.Length / Math.Max(entry.CompressedLength, 1) > MaxCompressionRatio)
            {
                throw new ModelPackageException($"{path}: entry '{entry.FullName}' inflates {entry.CompressedLength:N0} bytes to {entry.Length:N0}, more than {MaxCompressionRatio} times; the package is a zip bomb or damaged.");
            }

            result[entry.FullName] = IO.ZipEntries.ReadDeclared(entry);
        }

        foreach (string name in allowed.Where(wanted))
        {
            if (!result.ContainsKey(name))
            {
                throw new ModelPackageException($"{path}: entry '{name}' is missing; the package is incomplete.");
            }
        }

        return result;
    }

    private static T Parse<T>(string path, string entry, byte[] bytes)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, Json) ?? throw new ModelPackageException($"{path}: '{entry}' is empty.");
        }
        catch (JsonException exception)
        {
            throw new ModelPackageException($"{path}: '{entry}' is not valid JSON: {exception.Message}", exception);
        }
    }

    private static void WriteEntry(ZipArchive archive, string name, byte[] bytes)
    {
        using var stream = archive.CreateEntry(name, CompressionLevel.Optimal).Open();
        stream.Write(bytes);
    }

    private sealed record ManifestEntry(string Sha256, long Length);

    private sealed class Manifest
    {
        public int FormatVersion { get; set; }

        public string Library { get; set; } = string.Empty;

        public string TorchSharp { get; set; } = string.Empty;

        public DateTimeOffset Created { get; set; }

        public Dictionary<string, ManifestEntry>? Entries { get; set; }
    }
}
