namespace Percepti.Core.Data;

/// <summary>What a CSV reader does with an empty or missing field.</summary>
public enum MissingValuePolicy
{
    /// <summary>Refuse the file, naming the row and column.</summary>
    Error,

    /// <summary>Leave the row out.</summary>
    DropRow,

    /// <summary>Use the column's mean (numbers) or most frequent class (categories).</summary>
    Fill,
}
