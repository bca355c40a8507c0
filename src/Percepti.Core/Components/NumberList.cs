using System.Collections;
using System.Collections.Immutable;
using System.Globalization;

namespace Percepti.Core.Components;

/// <summary>An immutable list of real numbers with value equality, for use in settings records.</summary>
public sealed class NumberList : IReadOnlyList<double>, IEquatable<NumberList>
{
    private readonly ImmutableArray<double> _items;

    private NumberList(ImmutableArray<double> items) => _items = items;

    /// <summary>The empty list.</summary>
    public static NumberList Empty { get; } = new(ImmutableArray<double>.Empty);

    /// <inheritdoc />
    public int Count => _items.Length;

    /// <inheritdoc />
    public double this[int index] => _items[index];

    /// <summary>Creates a list.</summary>
    /// <param name="items">The values.</param>
    /// <returns>The list.</returns>
    public static NumberList Of(params double[] items) => From(items);

    /// <summary>Creates a list.</summary>
    /// <param name="items">The values.</param>
    /// <returns>The list.</returns>
    public static NumberList From(IEnumerable<double> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items as NumberList ?? new NumberList([.. items]);
    }

    /// <inheritdoc />
    public bool Equals(NumberList? other) => other is not null && _items.AsSpan().SequenceEqual(other._items.AsSpan());

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as NumberList);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (double item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => "[" + string.Join(", ", _items.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <inheritdoc />
    public IEnumerator<double> GetEnumerator() => ((IEnumerable<double>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
