using Percepti.Core.Graph;

namespace Percepti.Core.Data;

/// <summary>One column of a batch: Count × Shape values, row after row. Read-only: the loader owns the buffer.</summary>
public sealed class BatchColumn
{
    private readonly float[] _values;

    internal BatchColumn(float[] values, TensorShape shape, bool classIndices = false)
    {
        _values = values;
        Shape = shape;
        HoldsClassIndices = classIndices;
    }

    /// <summary>
    /// Whether each row is one class index (a class column without one-hot encoding): its tensor is then int64, the
    /// form loss heads and metrics take without a conversion step.
    /// </summary>
    internal bool HoldsClassIndices { get; }

    /// <summary>The values, row after row.</summary>
    public ReadOnlyMemory<float> Values => _values;

    /// <summary>The per-row shape.</summary>
    public TensorShape Shape { get; }

    /// <summary>The buffer itself, for the library's own tensor copies; never handed to a caller.</summary>
    internal float[] Buffer => _values;

    /// <summary>The class of a row of a class column: its index, or the position of the 1 in a one-hot row.</summary>
    internal int ClassOf(int row)
    {
        int width = (int)Shape.ElementCount;
        return width == 1 ? (int)_values[row] : Array.IndexOf(_values, 1f, row * width, width) - (row * width);
    }
}
