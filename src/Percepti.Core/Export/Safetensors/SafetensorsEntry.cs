using static TorchSharp.torch;

namespace Percepti.Core.Export.Safetensors;

/// <summary>One tensor a safetensors header declares, checked: its bytes lie inside the data and fit its shape and dtype.</summary>
/// <param name="Name">The tensor's name (a state-dict key).</param>
/// <param name="DType">Its element type.</param>
/// <param name="Shape">Its shape.</param>
/// <param name="Begin">Where its bytes start, from the start of the data section.</param>
/// <param name="End">Where they end (exclusive).</param>
internal sealed record SafetensorsEntry(string Name, ScalarType DType, long[] Shape, long Begin, long End)
{
    /// <summary>The number of bytes.</summary>
    public long Length => End - Begin;
}
