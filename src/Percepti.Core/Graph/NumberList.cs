using System.Collections.Immutable;

namespace Percepti.Core.Graph;

/// <summary>An immutable list of real numbers with value equality, for use in settings records.</summary>
public sealed class NumberList : ValueList<double>
{
    private NumberList(ImmutableArray<double> items)
        : base(items)
    {
    }

    /// <summary>The empty list.</summary>
    public static NumberList Empty { get; } = new(ImmutableArray<double>.Empty);

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
}
