using System.Collections.Immutable;

namespace Percepti.Core.Graph;

/// <summary>An immutable list of integers with value equality, for use in settings records.</summary>
public sealed class IntegerList : ValueList<int>
{
    private IntegerList(ImmutableArray<int> items)
        : base(items)
    {
    }

    /// <summary>The empty list.</summary>
    public static IntegerList Empty { get; } = new(ImmutableArray<int>.Empty);

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
}
