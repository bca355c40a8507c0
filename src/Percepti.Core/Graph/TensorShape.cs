using System.Collections;
using System.Collections.Immutable;
using System.Globalization;

namespace Percepti.Core.Graph;

/// <summary>
/// The shape of one sample flowing through a component, channels first, without the batch
/// dimension (the batch is implicit). A scalar has rank 0.
/// </summary>
public sealed class TensorShape : IEquatable<TensorShape>, IReadOnlyList<int>
{
    /// <summary>The largest number of elements a per-sample shape may hold (guards against overflow).</summary>
    public const long MaxElementCount = 1L << 40;

    private readonly ImmutableArray<int> _dimensions;

    private TensorShape(ImmutableArray<int> dimensions) => _dimensions = dimensions;

    /// <summary>The shape of a single value.</summary>
    public static TensorShape Scalar { get; } = new(ImmutableArray<int>.Empty);

    /// <summary>The dimensions, outermost first.</summary>
    public ImmutableArray<int> Dimensions => _dimensions;

    /// <summary>The number of dimensions.</summary>
    public int Rank => _dimensions.Length;

    /// <inheritdoc />
    public int Count => _dimensions.Length;

    /// <summary>The number of elements in one sample.</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (int dimension in _dimensions)
            {
                count *= dimension;
            }

            return count;
        }
    }

    /// <summary>Gets a dimension; negative indices count from the end.</summary>
    /// <param name="index">The dimension index.</param>
    public int this[int index] => _dimensions[index < 0 ? Rank + index : index];

    /// <summary>Creates a shape from its dimensions, each at least 1.</summary>
    /// <param name="dimensions">The dimensions, outermost first.</param>
    /// <exception cref="ArgumentException">A dimension is not positive, or the shape is too large.</exception>
    public static TensorShape Of(params int[] dimensions)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        return Of((IEnumerable<int>)dimensions);
    }

    /// <summary>Creates a shape from its dimensions, each at least 1.</summary>
    /// <param name="dimensions">The dimensions, outermost first.</param>
    /// <exception cref="ArgumentException">A dimension is not positive, or the shape is too large.</exception>
    public static TensorShape Of(IEnumerable<int> dimensions)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        var array = dimensions.ToImmutableArray();
        string? problem = Check(array);
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(dimensions));
        }

        return new TensorShape(array);
    }

    /// <summary>Returns why the dimensions do not form a valid shape, or null when they do.</summary>
    /// <param name="dimensions">The candidate dimensions.</param>
    public static string? Check(IReadOnlyList<int> dimensions)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        if (dimensions.Count > 8)
        {
            return $"a shape may have at most 8 dimensions, not {dimensions.Count}";
        }

        long count = 1;
        for (int i = 0; i < dimensions.Count; i++)
        {
            if (dimensions[i] < 1)
            {
                return $"dimension {i} is {dimensions[i]}; every dimension must be at least 1";
            }

            count *= dimensions[i];
            if (count > MaxElementCount)
            {
                return $"the shape holds more than {MaxElementCount} elements per sample";
            }
        }

        return null;
    }

    /// <summary>Returns a shape with one dimension replaced.</summary>
    /// <param name="index">The dimension index; negative counts from the end.</param>
    /// <param name="value">The new size.</param>
    public TensorShape With(int index, int value) => Of(_dimensions.SetItem(index < 0 ? Rank + index : index, value));

    /// <summary>The dimensions as 64-bit integers, with a leading batch dimension when <paramref name="batch"/> is given.</summary>
    /// <param name="batch">The batch size to prepend, or null for none.</param>
    public long[] ToInt64Array(long? batch = null)
    {
        var result = new List<long>(Rank + 1);
        if (batch is { } b)
        {
            result.Add(b);
        }

        foreach (int dimension in _dimensions)
        {
            result.Add(dimension);
        }

        return [.. result];
    }

    /// <inheritdoc />
    public bool Equals(TensorShape? other) => other is not null && _dimensions.AsSpan().SequenceEqual(other._dimensions.AsSpan());

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TensorShape);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (int dimension in _dimensions)
        {
            hash.Add(dimension);
        }

        return hash.ToHashCode();
    }

    /// <summary>Formats the shape as <c>(1, 28, 28)</c>; a scalar is <c>()</c>.</summary>
    /// <returns>The formatted shape.</returns>
    public override string ToString() =>
        "(" + string.Join(", ", _dimensions.Select(d => d.ToString(CultureInfo.InvariantCulture))) + (Rank == 1 ? ",)" : ")");

    /// <inheritdoc />
    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)_dimensions).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Compares two shapes by their dimensions.</summary>
    /// <param name="left">The first shape.</param>
    /// <param name="right">The second shape.</param>
    public static bool operator ==(TensorShape? left, TensorShape? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Compares two shapes by their dimensions.</summary>
    /// <param name="left">The first shape.</param>
    /// <param name="right">The second shape.</param>
    public static bool operator !=(TensorShape? left, TensorShape? right) => !(left == right);
}
