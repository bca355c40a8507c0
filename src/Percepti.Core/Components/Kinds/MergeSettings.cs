using System.Globalization;
using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Settings of a Merge component.</summary>
/// <param name="Operation">How the inputs are combined.</param>
/// <param name="Inputs">How many inputs (ports input1 … inputN).</param>
/// <param name="Axis">For concatenation: the per-sample axis to join along (0 = channels or features; negative counts from the end).</param>
public sealed record MergeSettings(MergeOperation Operation, int Inputs, int Axis) : ComponentSettings
{
    /// <summary>The most inputs a merge takes.</summary>
    public const int MaxInputs = 16;

    /// <summary>The name of input port <paramref name="index"/> (0-based): input1, input2, ….</summary>
    /// <param name="index">The 0-based port index.</param>
    /// <returns>The port name.</returns>
    public static string PortName(int index) => "input" + (index + 1).ToString(CultureInfo.InvariantCulture);
}
