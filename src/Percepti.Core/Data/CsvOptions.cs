using System.ComponentModel.DataAnnotations;

namespace Percepti.Core.Data;

/// <summary>How a CSV file is read.</summary>
public sealed record CsvOptions
{
    /// <summary>The field delimiter, or null to detect it from the header (comma, semicolon, tab or bar).</summary>
    public char? Delimiter { get; init; }

    /// <summary>Whether the first row names the columns (otherwise they are named column1, column2, …).</summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>
    /// New names for columns, by the name in the file. Names are node ids (what Input and Target components are
    /// called); a header that is not a valid id (<c>od280/od315</c>, spaces, non-ASCII letters) is renamed
    /// automatically (invalid characters become '_') unless named here. The header stays the column's
    /// <see cref="DatasetColumn.Label"/>, and options and lookups accept either name.
    /// </summary>
    public IReadOnlyDictionary<string, string> ColumnNames { get; init; } = new Dictionary<string, string>();

    /// <summary>Kinds that override inference, by column name (e.g. a numeric code read as categorical).</summary>
    public IReadOnlyDictionary<string, ColumnKind> ColumnKinds { get; init; } = new Dictionary<string, ColumnKind>();

    /// <summary>Roles by column name; unnamed columns are inputs, except the last column, which is the target unless a role says otherwise.</summary>
    public IReadOnlyDictionary<string, ColumnRole> Roles { get; init; } = new Dictionary<string, ColumnRole>();

    /// <summary>Columns whose values are image file paths (relative to the CSV file); detected from .png/.jpg/.jpeg/.bmp values when not named.</summary>
    public IReadOnlyCollection<string> ImageColumns { get; init; } = [];

    /// <summary>What to do with empty fields and the markers in <see cref="MissingMarkers"/>.</summary>
    public MissingValuePolicy MissingValues { get; init; } = MissingValuePolicy.Error;

    /// <summary>Field values read as missing, besides the empty field.</summary>
    public IReadOnlyCollection<string> MissingMarkers { get; init; } = ["NA", "N/A", "NaN", "null", "?"];

    /// <summary>
    /// A text column with at most this many distinct values is inferred categorical (class names in numeric
    /// order when every value is a number, otherwise sorted ordinally). Numeric columns stay numeric: read
    /// integer labels as classes with <see cref="Dataset.AsCategorical"/> or <see cref="ColumnKinds"/>.
    /// </summary>
    [Range(2, 100_000)]
    public int MaxCategories { get; init; } = 50;

    /// <summary>The most columns a file may have; a wider one is refused before its columns are read.</summary>
    [Range(1, 1_000_000)]
    public int MaxColumns { get; init; } = 10_000;

    /// <summary>The size image columns are resized to; the first image's size when null.</summary>
    public (int Height, int Width)? ImageSize { get; init; }

    /// <summary>Image channels: 1 (gray) or 3 (RGB).</summary>
    [Range(1, 3)]
    public int ImageChannels { get; init; } = 3;
}
