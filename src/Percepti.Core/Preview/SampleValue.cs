using Percepti.Core.Graph;

namespace Percepti.Core.Preview;

/// <summary>One value of a sample: row-major data of one per-sample shape.</summary>
public sealed class SampleValue
{
    /// <summary>Creates a value.</summary>
    /// <param name="data">The values, row-major.</param>
    /// <param name="shape">The per-sample shape; for a class label, the scalar shape.</param>
    /// <exception cref="ArgumentException">The data length does not match the shape.</exception>
    public SampleValue(ReadOnlyMemory<float> data, TensorShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (data.Length != shape.ElementCount)
        {
            throw new ArgumentException($"A value of shape {shape} needs {shape.ElementCount} numbers, not {data.Length}.", nameof(data));
        }

        Data = data;
        Shape = shape;
    }

    /// <summary>The values, row-major.</summary>
    public ReadOnlyMemory<float> Data { get; }

    /// <summary>The per-sample shape.</summary>
    public TensorShape Shape { get; }

    /// <summary>A class label (its index as a scalar).</summary>
    /// <param name="index">The class index.</param>
    /// <returns>The value.</returns>
    public static SampleValue ClassLabel(int index) => new(new float[] { index }, TensorShape.Scalar);
}
