namespace Percepti.Core.Graph;

/// <summary>A graph document could not be read; nothing was built. The message and <see cref="JsonPath"/> say where.</summary>
public sealed class GraphJsonException : PerceptiException
{
    /// <summary>Creates the exception.</summary>
    public GraphJsonException()
        : this("The graph JSON is not valid.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and where.</param>
    public GraphJsonException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and where.</param>
    /// <param name="innerException">The parser's error.</param>
    public GraphJsonException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The JSON path of the offending value, e.g. <c>$.nodes[2].settings.filters</c>.</summary>
    public string JsonPath { get; init; } = "$";

    /// <summary>The 0-based line of a syntax error, when known.</summary>
    public long? LineNumber { get; init; }

    /// <summary>The 0-based byte position in the line of a syntax error, when known.</summary>
    public long? BytePositionInLine { get; init; }
}
