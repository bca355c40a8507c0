namespace Percepti.Core;

/// <summary>
/// The root of every exception by which Percepti.Core refuses input or reports a failure of its own work
/// (a graph edit, a file, a dataset, a run, an export, the native runtime), so a host can catch them all in one
/// place. Invalid arguments and options are <see cref="ArgumentException"/>s (programming errors, not input);
/// cancellation is <see cref="OperationCanceledException"/>.
/// </summary>
public abstract class PerceptiException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and where.</param>
    protected PerceptiException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and where.</param>
    /// <param name="innerException">The cause.</param>
    protected PerceptiException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
