namespace Percepti.Core.Data;

/// <summary>How a pair of IDX files (images and labels) is read.</summary>
public sealed record IdxOptions
{
    /// <summary>Class names by index; "0", "1", … when null.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>The image column's name (the Input component's id).</summary>
    public string ImageColumn { get; init; } = "image";

    /// <summary>The label column's name (the Target component's id).</summary>
    public string LabelColumn { get; init; } = "label";
}
