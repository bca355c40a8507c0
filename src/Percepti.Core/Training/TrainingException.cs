namespace Percepti.Core.Training;

/// <summary>A training run failed; the message names the epoch and batch when it happened during training.</summary>
public sealed class TrainingException : PerceptiException
{
    /// <summary>Creates the exception.</summary>
    public TrainingException()
        : this("Training failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and where.</param>
    public TrainingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and where.</param>
    /// <param name="innerException">The cause.</param>
    public TrainingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
