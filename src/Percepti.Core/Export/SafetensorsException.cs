namespace Percepti.Core.Export;

/// <summary>
/// A safetensors file could not be read or does not fit the model: a malformed header, overlapping or out-of-range
/// data, an unknown dtype, or weights whose names, shapes or dtypes differ from the model's. The message names the
/// file and the place (the header's JSON path or the weight's name).
/// </summary>
public sealed class SafetensorsException : PerceptiException
{
    /// <summary>Creates the exception.</summary>
    public SafetensorsException()
        : this("The safetensors file is not valid.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the file and the place.</param>
    public SafetensorsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the file and the place.</param>
    /// <param name="innerException">The cause.</param>
    public SafetensorsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
