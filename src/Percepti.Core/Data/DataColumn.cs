using Percepti.Core.Graph;

namespace Percepti.Core.Data;

/// <summary>One named column of a dataset.</summary>
/// <param name="Name">The column's name; Input and Target components of this name receive it.</param>
/// <param name="Kind">What the column holds.</param>
/// <param name="Shape">The per-row shape of its values (scalar for numeric, categorical and binary columns).</param>
/// <param name="Role">Input, target or unused.</param>
public sealed record DataColumn(string Name, ColumnKind Kind, TensorShape Shape, ColumnRole Role)
{
    /// <summary>For categorical and binary columns: the class names, by index.</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = [];

    /// <summary>Whether a tensor column is an image (C×H×W, values in [0, 1]).</summary>
    public bool IsImage { get; init; }

    /// <summary>Whether rows of this column can be batched as numbers.</summary>
    public bool IsNumeric => Kind != ColumnKind.Text;
}
