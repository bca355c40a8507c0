namespace Percepti.Core.Data;

/// <summary>How NumPy arrays of inputs and targets are read.</summary>
public sealed record NpyOptions
{
    /// <summary>The input column's name (the Input component's id).</summary>
    public string InputColumn { get; init; } = "x";

    /// <summary>The target column's name (the Target component's id).</summary>
    public string TargetColumn { get; init; } = "y";

    /// <summary>Whether C×H×W input rows are images.</summary>
    public bool Images { get; init; }
}
