namespace Percepti.Core.Export;

/// <summary>A model package could not be written or read: corrupt, truncated, tampered or of another format.</summary>
public sealed class ModelPackageException : PerceptiException
{
    /// <summary>Creates the exception.</summary>
    public ModelPackageException()
        : this("The model package is not valid.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the file and the entry.</param>
    public ModelPackageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the file and the entry.</param>
    /// <param name="innerException">The cause.</param>
    public ModelPackageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
