using static TorchSharp.torch;

namespace Percepti.Core.Export.Safetensors;

/// <summary>The dtype names of the safetensors format and their element types and sizes.</summary>
internal static class SafetensorsDTypes
{
    private static readonly (string Name, ScalarType Type, int Size)[] Known =
    [
        ("F64", ScalarType.Float64, 8),
        ("F32", ScalarType.Float32, 4),
        ("F16", ScalarType.Float16, 2),
        ("BF16", ScalarType.BFloat16, 2),
        ("I64", ScalarType.Int64, 8),
        ("I32", ScalarType.Int32, 4),
        ("I16", ScalarType.Int16, 2),
        ("I8", ScalarType.Int8, 1),
        ("U8", ScalarType.Byte, 1),
        ("BOOL", ScalarType.Bool, 1),
    ];

    /// <summary>The format's names, for messages.</summary>
    public static string Names => string.Join(", ", Known.Select(k => k.Name));

    public static bool TryParse(string name, out ScalarType type, out int size)
    {
        foreach (var known in Known)
        {
            if (string.Equals(known.Name, name, StringComparison.Ordinal))
            {
                (type, size) = (known.Type, known.Size);
                return true;
            }
        }

        (type, size) = (default, 0);
        return false;
    }

    public static string NameOf(ScalarType type) =>
        Known.FirstOrDefault(k => k.Type == type).Name ?? throw new SafetensorsException($"Tensors of type {type} have no safetensors dtype.");
}
