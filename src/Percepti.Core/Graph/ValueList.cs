using System.Collections;
using System.Collections.Immutable;
using System.Globalization;

namespace Percepti.Core.Graph;

/// <summary>An immutable list with value equality, the base of list-valued settings (records compare lists by reference otherwise).</summary>
/// <typeparam name="T">The element type.</typeparam>
public abstract class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
    where T : IEquatable<T>, IFormattable
{
    private readonly ImmutableArray<T> _items;

    /// <summary>Creates the list.</summary>
    /// <param name="items">The values.</param>
    private protected ValueList(ImmutableArray<T> items) => _items = items;

    /// <inheritdoc />
    public int Count => _items.Length;

    /// <inheritdoc />
    public T this[int index] => _items[index];

    /// <inheritdoc />
    public bool Equals(ValueList<T>? other) => other is not null && other.GetType() == GetType() && _items.AsSpan().SequenceEqual(other._items.AsSpan());

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => "[" + string.Join(", ", _items.Select(i => i.ToString(null, CultureInfo.InvariantCulture))) + "]";

    /// <inheritdoc />
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
