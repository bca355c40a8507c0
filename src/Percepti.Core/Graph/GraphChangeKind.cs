namespace Percepti.Core.Graph;

/// <summary>What produced a new version of a <see cref="GraphDocument"/>.</summary>
public enum GraphChangeKind
{
    /// <summary>An edit.</summary>
    Edit,

    /// <summary>An undo.</summary>
    Undo,

    /// <summary>A redo.</summary>
    Redo,

    /// <summary>The whole graph was replaced (e.g. loaded from a file); history was cleared.</summary>
    Reset,
}
