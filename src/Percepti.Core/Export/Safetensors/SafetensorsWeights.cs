using Percepti.Core.Training;
using static TorchSharp.torch;

namespace Percepti.Core.Export.Safetensors;

/// <summary>
/// A compiled graph's weights (parameters and buffers, under Percepti.Core's state-dict names, which the generated
/// PyTorch module uses too) to and from safetensors. Loading is strict: the same names, dtypes and shapes, or nothing
/// is changed.
/// </summary>
internal static class SafetensorsWeights
{
    /// <summary>Writes every parameter and buffer, atomically.</summary>
    public static void Save(GraphModule module, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = "pt",
            ["producer"] = "Percepti.Core " + (typeof(SafetensorsWeights).Assembly.GetName().Version?.ToString() ?? "unknown"),
            ["graph"] = module.Graph.Name,
        };
        SafetensorsFile.Write(path, module.state_dict(), metadata);
    }

    /// <summary>Replaces every parameter and buffer with the file's, after checking all of them.</summary>
    /// <exception cref="SafetensorsException">The file is not valid, or a name, dtype or shape differs; the module is unchanged.</exception>
    public static void Load(GraphModule module, string path)
    {
        var expected = module.state_dict();
        var loaded = SafetensorsFile.Read(path, declared => Check(module, path, expected, declared));
        try
        {
            using var noGrad = no_grad();
            foreach (var (name, tensor) in expected)
            {
                tensor.copy_(loaded[name]);
            }
        }
        finally
        {
            foreach (var tensor in loaded.Values)
            {
                tensor.Dispose();
            }
        }
    }

    /// <summary>The file's tensors must be the module's parameters and buffers, by name, dtype and shape.</summary>
    private static void Check(GraphModule module, string path, IReadOnlyDictionary<string, Tensor> expected, IReadOnlyList<SafetensorsEntry> declared)
    {
        var entries = declared.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var missing = expected.Keys.Where(k => !entries.ContainsKey(k)).ToList();
        var unexpected = entries.Keys.Where(k => !expected.ContainsKey(k)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
        {
            throw new SafetensorsException($"{path}: the weights do not match graph '{module.Graph.Name}'"
                + (missing.Count > 0 ? $"; missing: {Names(missing)}" : string.Empty)
                + (unexpected.Count > 0 ? $"; not in the graph: {Names(unexpected)}" : string.Empty) + ".");
        }

        foreach (var (name, tensor) in expected)
        {
            var entry = entries[name];
            if (entry.DType != tensor.dtype || !entry.Shape.SequenceEqual(tensor.shape))
            {
                throw new SafetensorsException($"{path}: '{name}' is {entry.DType} [{string.Join(", ", entry.Shape)}]; graph '{module.Graph.Name}' needs {tensor.dtype} [{string.Join(", ", tensor.shape)}].");
            }
        }
    }

    private static string Names(List<string> names) =>
        string.Join(", ", names.Take(8).Select(n => $"'{n}'")) + (names.Count > 8 ? $" and {names.Count - 8} more" : string.Empty);
}
