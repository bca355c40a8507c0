namespace Percepti.Core.Export.Code;

/// <summary>
/// What the C# and PyTorch writers share: the forward statements, each component headed by a comment, and the
/// component's full description, which goes above its first field or registration, or, for a component without
/// one, replaces its short comment in forward.
/// </summary>
internal abstract class CodeModelWriter
{
    private readonly string _comment;
    private string? _pendingDescription;
    private int _stepComment;

    /// <param name="comment">The language's line comment ("//" or "#").</param>
    protected CodeModelWriter(string comment) => _comment = comment;

    /// <summary>Whether a custom component needs the placeholder.</summary>
    public bool HasCustomComponents { get; set; }

    /// <summary>The statements of forward, in order.</summary>
    protected List<string> Forward { get; } = [];

    /// <summary>Starts a component: its description heads its first member; a short line heads its forward step.</summary>
    public void BeginComponent(string description, string step)
    {
        if (Forward.Count > 0)
        {
            Forward.Add(string.Empty);
        }

        Forward.Add($"{_comment} {step}");
        _stepComment = Forward.Count - 1;
        _pendingDescription = description;
    }

    /// <summary>Ends a component: one without members gets its full description in forward instead.</summary>
    public void EndComponent()
    {
        if (_pendingDescription is not null)
        {
            Forward[_stepComment] = $"{_comment} {_pendingDescription}";
            _pendingDescription = null;
        }
    }

    public void Statement(string line) => Forward.Add(line);

    /// <summary>The description comment for the component's first member, once; null after.</summary>
    protected string? TakeDescription()
    {
        string? description = _pendingDescription is null ? null : $"{_comment} {_pendingDescription}";
        _pendingDescription = null;
        return description;
    }
}
