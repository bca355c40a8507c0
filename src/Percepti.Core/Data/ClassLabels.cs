using System.Globalization;

namespace Percepti.Core.Data;

/// <summary>
/// The one rule for numbers that name classes (IDX and NPY labels, <see cref="Dataset.AsCategorical"/>): each
/// must be finite, whole and non-negative; the classes are the distinct values present, in numeric order, at
/// most <see cref="MaxClasses"/> of them. A class count is never taken from the largest label.
/// </summary>
internal static class ClassLabels
{
    /// <summary>The most classes a label column may have.</summary>
    public const int MaxClasses = 100_000;

    /// <summary>The largest label: 2^24, the last whole number a float holds exactly.</summary>
    public const float MaxLabel = 16_777_216;

    /// <summary>Checks labels and maps each to its class index, in place.</summary>
    /// <param name="labels">The labels; replaced by class indices.</param>
    /// <param name="maxClasses">The most distinct values accepted.</param>
    /// <param name="fail">Makes the exception for a bad label: its row and what is wrong.</param>
    /// <returns>The class names: the distinct values, in numeric order.</returns>
    public static List<string> ToClassIndices(float[] labels, int maxClasses, Func<int, string, Exception> fail)
    {
        var distinct = new SortedSet<float>();
        for (int row = 0; row < labels.Length; row++)
        {
            float value = labels[row];
            if (!(value >= 0 && value <= MaxLabel && value == MathF.Floor(value)))
            {
                throw fail(row, $"label {value.ToString(CultureInfo.InvariantCulture)} is not a class index (a whole number from 0 to {MaxLabel:N0})");
            }

            if (distinct.Add(value) && distinct.Count > maxClasses)
            {
                throw fail(row, $"label {value.ToString(CultureInfo.InvariantCulture)} makes more than {maxClasses:N0} distinct classes");
            }
        }

        var index = new Dictionary<float, int>(distinct.Count);
        foreach (float value in distinct)
        {
            index[value] = index.Count;
        }

        for (int row = 0; row < labels.Length; row++)
        {
            labels[row] = index[labels[row]];
        }

        return [.. distinct.Select(v => v.ToString(CultureInfo.InvariantCulture))];
    }

    /// <summary>Whether a value read from a class column is an index into <paramref name="classes"/> classes.</summary>
    /// <param name="value">The value.</param>
    /// <param name="classes">How many classes there are.</param>
    /// <returns>True for a whole number from 0 to <paramref name="classes"/> - 1.</returns>
    public static bool IsClassIndex(float value, int classes) => value >= 0 && value < classes && value == MathF.Floor(value);

    /// <summary>Checks labels that index a given list of class names.</summary>
    /// <param name="labels">The labels.</param>
    /// <param name="classes">How many names there are.</param>
    /// <param name="fail">Makes the exception for a bad label.</param>
    public static void CheckIndices(float[] labels, int classes, Func<int, string, Exception> fail)
    {
        for (int row = 0; row < labels.Length; row++)
        {
            float value = labels[row];
            if (!IsClassIndex(value, classes))
            {
                throw fail(row, $"label {value.ToString(CultureInfo.InvariantCulture)} is not a class index between 0 and {classes - 1}");
            }
        }
    }
}
