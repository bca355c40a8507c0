namespace Percepti.Core.Graph;

/// <summary>
/// The stable identity of a node in a <see cref="ModelGraph"/>: letters, digits, <c>_</c>, <c>-</c>
/// and <c>.</c>, at most 64 characters. It survives edits, JSON round-trips and renames of the label.
/// </summary>
public readonly record struct NodeId
{
    /// <summary>The longest id allowed.</summary>
    public const int MaxLength = 64;

    /// <summary>Creates an id.</summary>
    /// <param name="value">The id text.</param>
    /// <exception cref="ArgumentException">The text is empty, too long or has other characters.</exception>
    public NodeId(string value)
    {
        string? problem = Check(value);
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(value));
        }

        Value = value;
    }

    /// <summary>The id text.</summary>
    public string Value { get; }

    /// <summary>
    /// The id as the name of the component's module and weights (<c>dense_1.weight</c>): '.' separates names
    /// in TorchSharp, so it becomes '_'. Ids that differ only there share a module name, which validation
    /// reports (<see cref="GraphDiagnosticCodes.ModuleNameClash"/>).
    /// </summary>
    public string ModuleName => Value.Replace('.', '_');

    /// <summary>Returns why the text is not a valid id, or null when it is.</summary>
    /// <param name="value">The candidate id.</param>
    public static string? Check(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "a node id must not be empty";
        }

        if (value.Length > MaxLength)
        {
            return $"a node id must be at most {MaxLength} characters, not {value.Length}";
        }

        foreach (char c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                return $"node id '{value}' contains '{c}'; use letters, digits, '_', '-' or '.'";
            }
        }

        return null;
    }

    /// <summary>Converts text to an id.</summary>
    /// <param name="value">The id text.</param>
    public static implicit operator NodeId(string value) => new(value);

    /// <summary>Converts text to an id.</summary>
    /// <param name="value">The id text.</param>
    /// <returns>The id.</returns>
    public static NodeId FromString(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
