namespace Percepti.Core.Data;

/// <summary>A dataset could not be read, split or batched; the message says what and where.</summary>
public class DatasetException : PerceptiException
{
    /// <summary>Creates the exception.</summary>
    public DatasetException()
        : this("The data could not be used.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and where.</param>
    public DatasetException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and where.</param>
    /// <param name="innerException">The cause.</param>
    public DatasetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
