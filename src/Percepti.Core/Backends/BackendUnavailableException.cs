namespace Percepti.Core.Backends;

/// <summary>A backend was asked for that cannot be used here; the message says why.</summary>
public sealed class BackendUnavailableException : PerceptiException
{
    /// <summary>Creates the exception.</summary>
    public BackendUnavailableException()
        : this("The compute backend is not available.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which backend and why it cannot be used.</param>
    public BackendUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which backend and why it cannot be used.</param>
    /// <param name="innerException">The cause.</param>
    public BackendUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
