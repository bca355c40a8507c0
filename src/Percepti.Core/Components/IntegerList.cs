using System.Collections;
using System.Collections.Immutable;
using System.Globalization;

namespace Percepti.Core.Components;

/// <summary>An immutable list of integers with value equality, for use in settings records.</summary>
public sealed class IntegerList : IReadOnlyList<int>, IEquatable<IntegerList>
{
    private readonly ImmutableArray<int> _items;

    private IntegerList(ImmutableArray<int> items) => _items = items;

    /// <summary>The empty list.</summary>
    public static IntegerList Empty { get; } = new(ImmutableArray<int>.Empty);

    /// <inheritdoc />
    public int Count => _items.Length;

    /// <inheritdoc />
    public int this[int index] => _items[index];

    /// <summary>Creates a list.</summary>
    /// <param name="items">The values.</param>
    /// <returns>The list.</returns>
    public static IntegerList Of(params int[] items) => From(items);

    /// <summary>Creates a list.</summary>
    /// <param name="items">The values.</param>
    /// <returns>The list.</returns>
    public static IntegerList From(IEnumerable<int> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items as IntegerList ?? new IntegerList([.. items]);
    }

    /// <inheritdoc />
    public bool Equals(IntegerList? other) => other is not null && _items.AsSpan().SequenceEqual(other._items.AsSpan());

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as IntegerList);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (int item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => "[" + string.Join(", ", _items.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <inheritdoc />
    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
