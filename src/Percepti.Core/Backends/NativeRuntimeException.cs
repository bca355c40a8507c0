namespace Percepti.Core.Backends;

/// <summary>The TorchSharp native runtime (libtorch) cannot be loaded; the message says what is missing and what to do.</summary>
public sealed class NativeRuntimeException : PerceptiException
{
    /// <summary>Creates the exception.</summary>
    public NativeRuntimeException()
        : this("The TorchSharp native runtime could not be loaded.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is missing and how to fix it.</param>
    public NativeRuntimeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is missing and how to fix it.</param>
    /// <param name="innerException">TorchSharp's own error, with its load trace.</param>
    public NativeRuntimeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Why the runtime did not load, as a category a caller can act on.</summary>
    public NativeRuntimeProblem Problem { get; init; } = NativeRuntimeProblem.Unknown;
}
