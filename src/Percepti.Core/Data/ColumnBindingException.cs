namespace Percepti.Core.Data;

/// <summary>
/// A graph's Input or Target components do not fit the columns that feed them (a missing column, a shape
/// or class count that differs after preprocessing). Thrown before any work is done; <see cref="Problems"/>
/// names each component, its column and both shapes.
/// </summary>
public sealed class ColumnBindingException : DatasetException
{
    /// <summary>Creates the exception.</summary>
    public ColumnBindingException()
        : this("The graph does not fit the data.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public ColumnBindingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ColumnBindingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for the problems found.</summary>
    /// <param name="message">A summary naming every problem.</param>
    /// <param name="problems">The problems, one per component.</param>
    public ColumnBindingException(string message, IReadOnlyList<ColumnBindingProblem> problems)
        : base(message)
    {
        Problems = problems;
    }

    /// <summary>Every component that does not fit, with its column and both shapes.</summary>
    public IReadOnlyList<ColumnBindingProblem> Problems { get; } = [];
}
