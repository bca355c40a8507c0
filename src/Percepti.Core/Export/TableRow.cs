using System.Globalization;
using Percepti.Core.Data;

namespace Percepti.Core.Export;

/// <summary>Turns a row given by column name into the raw values of one model input, as the dataset would have read it.</summary>
internal static class TableRow
{
    public static float[] Encode(ColumnState input, IReadOnlyDictionary<string, object> row, int rowIndex)
    {
        if (input.Features.Count > 0)
        {
            var vector = new float[input.InputShape.ElementCount];
            int position = 0;
            foreach (var feature in input.Features)
            {
                object value = Find(row, feature.Column, feature.Label, rowIndex);
                if (feature.Kind == ColumnKind.Numeric)
                {
                    vector[position] = Number(value, feature.Label, rowIndex);
                }
                else
                {
                    int index = ClassIndex(value, feature.Categories, feature.Label, rowIndex);
                    if (feature.Kind == ColumnKind.Categorical)
                    {
                        vector[position + index] = 1;
                    }
                    else
                    {
                        vector[position] = index;
                    }
                }

                position += feature.Width;
            }

            return vector;
        }

        object single = Find(row, input.Name, input.Name, rowIndex);
        if (input.InputShape.Rank == 0)
        {
            return input.Kind is ColumnKind.Categorical or ColumnKind.Binary
                ? [ClassIndex(single, input.ClassNames, input.Name, rowIndex)]
                : [Number(single, input.Name, rowIndex)];
        }

        float[] values = single switch
        {
            float[] floats => floats,
            double[] doubles => [.. doubles.Select(d => (float)d)],
            IEnumerable<float> sequence => [.. sequence],
            _ => throw new ArgumentException($"Row {rowIndex}: input '{input.Name}' needs {input.InputShape.ElementCount} numbers (shape {input.InputShape}) as a float[], not {single.GetType().Name}.", nameof(row)),
        };
        return values.Length == input.InputShape.ElementCount
            ? values
            : throw new ArgumentException($"Row {rowIndex}: input '{input.Name}' needs {input.InputShape.ElementCount} values (shape {input.InputShape}), not {values.Length}.", nameof(row));
    }

    private static object Find(IReadOnlyDictionary<string, object> row, string name, string label, int rowIndex) =>
        row.TryGetValue(label, out var value) || row.TryGetValue(name, out value)
            ? value ?? throw new ArgumentException($"Row {rowIndex}: column '{label}' is null; give it a value.", nameof(row))
            : throw new ArgumentException($"Row {rowIndex} has no value for column '{label}'; the model reads {label} among its columns.", nameof(row));

    private static float Number(object value, string column, int rowIndex)
    {
        double number;
        try
        {
            number = value is string text
                ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)
                : Convert.ToDouble(value, CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is FormatException or InvalidCastException or OverflowException)
        {
            throw new ArgumentException($"Row {rowIndex}: column '{column}' needs a number, not '{value}'.", nameof(value), exception);
        }

        return double.IsFinite(number) && Math.Abs(number) <= float.MaxValue
            ? (float)number
            : throw new ArgumentException($"Row {rowIndex}: column '{column}' needs a finite number, not {number.ToString(CultureInfo.InvariantCulture)}.", nameof(value));
    }

    private static int ClassIndex(object value, IReadOnlyList<string> classes, string column, int rowIndex)
    {
        string name = value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
        for (int i = 0; i < classes.Count; i++)
        {
            if (string.Equals(classes[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new ArgumentException($"Row {rowIndex}: column '{column}' has '{name}', which is not one of its classes ({string.Join(", ", classes.Take(20))}).", nameof(value));
    }
}
