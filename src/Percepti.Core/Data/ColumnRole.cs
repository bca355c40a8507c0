namespace Percepti.Core.Data;

/// <summary>How a column is used in training.</summary>
public enum ColumnRole
{
    /// <summary>Fed to an Input component of the same name.</summary>
    Input,

    /// <summary>Fed to a Target component of the same name.</summary>
    Target,

    /// <summary>Not used.</summary>
    Unused,
}
