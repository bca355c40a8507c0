namespace Percepti.Core.Data;

/// <summary>The named columns of a dataset.</summary>
public sealed class DatasetSchema
{
    private readonly Dictionary<string, int> _index;

    /// <summary>Creates a schema.</summary>
    /// <param name="columns">The columns; names must be unique.</param>
    /// <exception cref="DatasetException">Two columns share a name.</exception>
    public DatasetSchema(IReadOnlyList<DatasetColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Columns = [.. columns];
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < columns.Count; i++)
        {
            if (!_index.TryAdd(columns[i].Name, i))
            {
                throw new DatasetException($"Two columns are named '{columns[i].Name}'; column names must be unique.");
            }
        }
    }

    /// <summary>The columns, in order.</summary>
    public IReadOnlyList<DatasetColumn> Columns { get; }

    /// <summary>The columns used as inputs.</summary>
    public IEnumerable<DatasetColumn> Inputs => Columns.Where(c => c.Role == ColumnRole.Input);

    /// <summary>The columns used as targets.</summary>
    public IEnumerable<DatasetColumn> Targets => Columns.Where(c => c.Role == ColumnRole.Target);

    /// <summary>Gets a column by name.</summary>
    /// <param name="name">The column's name.</param>
    /// <exception cref="DatasetException">No such column.</exception>
    public DatasetColumn this[string name] => Columns[IndexOf(name)];

    /// <summary>The position of a column.</summary>
    /// <param name="name">The column's name.</param>
    /// <returns>Its index.</returns>
    /// <exception cref="DatasetException">No such column.</exception>
    public int IndexOf(string name) => TryIndexOf(name, out int i)
        ? i
        : throw new DatasetException($"The dataset has no column '{name}'; it has {string.Join(", ", Columns.Select(c => c.Name))}.");

    /// <summary>Finds a column by its name, or else by its <see cref="DatasetColumn.Label"/> (the name in the file).</summary>
    /// <param name="name">The column's name or label.</param>
    /// <param name="index">Its position, when found.</param>
    /// <returns>Whether the column exists.</returns>
    public bool TryIndexOf(string name, out int index)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_index.TryGetValue(name, out index))
        {
            return true;
        }

        for (index = 0; index < Columns.Count; index++)
        {
            if (string.Equals(Columns[index].Label, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        index = -1;
        return false;
    }

    /// <summary>Whether a column exists.</summary>
    /// <param name="name">The column's name.</param>
    /// <returns>True when it exists.</returns>
    public bool Contains(string name) => TryIndexOf(name, out _);

    /// <summary>Returns a schema with one column's role changed.</summary>
    /// <param name="name">The column.</param>
    /// <param name="role">Its new role.</param>
    /// <returns>The new schema.</returns>
    public DatasetSchema WithRole(string name, ColumnRole role)
    {
        int index = IndexOf(name);
        return new DatasetSchema([.. Columns.Select((c, i) => i == index ? c with { Role = role } : c)]);
    }
}
