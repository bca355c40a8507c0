namespace Percepti.Core.Data;

/// <summary>What a dataset column holds.</summary>
public enum ColumnKind
{
    /// <summary>A tensor of a fixed shape per row (an image is a C×H×W tensor with <see cref="DatasetColumn.IsImage"/>).</summary>
    Tensor,

    /// <summary>One number per row.</summary>
    Numeric,

    /// <summary>One class per row, read as its index into <see cref="DatasetColumn.ClassNames"/>.</summary>
    Categorical,

    /// <summary>One of two classes per row (index 0 or 1 into <see cref="DatasetColumn.ClassNames"/>).</summary>
    Binary,

    /// <summary>Free text; not batched as numbers.</summary>
    Text,
}
