using Percepti.Core.Graph;

namespace Percepti.Core.Data;

/// <summary>One column of a batch: Count × Shape values, row after row.</summary>
/// <param name="Values">The values.</param>
/// <param name="Shape">The per-row shape.</param>
public sealed record BatchColumn(float[] Values, TensorShape Shape)
{
    /// <summary>The class of a row of a class column: its index, or the position of the 1 in a one-hot row.</summary>
    internal int ClassOf(int row)
    {
        int width = (int)Shape.ElementCount;
        return width == 1 ? (int)Values[row] : Array.IndexOf(Values, 1f, row * width, width) - (row * width);
    }
}
