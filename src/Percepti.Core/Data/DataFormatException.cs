namespace Percepti.Core.Data;

/// <summary>A data file is malformed; <see cref="File"/> and <see cref="Position"/> say where.</summary>
public sealed class DataFormatException : DatasetException
{
    /// <summary>Creates the exception.</summary>
    public DataFormatException()
        : this("The data file is malformed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public DataFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public DataFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The file at fault.</summary>
    public string File { get; init; } = string.Empty;

    /// <summary>Where in the file, e.g. "byte 16", "row 12, column 'price'", "record 5981".</summary>
    public string Position { get; init; } = string.Empty;

    internal static DataFormatException At(string file, string position, string problem, Exception? inner = null)
    {
        string message = $"{file}, {position}: {problem}";
        return inner is null
            ? new DataFormatException(message) { File = file, Position = position }
            : new DataFormatException(message, inner) { File = file, Position = position };
    }
}
