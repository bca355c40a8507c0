using static TorchSharp.torch;

namespace Percepti.Core.Export.Onnx;

/// <summary>Copies trained tensors out of native memory for an ONNX file.</summary>
internal static class OnnxTensors
{
    public static float[] Floats(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        return tensor.detach().to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
    }

    /// <summary>Reorders the gate blocks along the first axis (PyTorch and ONNX order recurrent gates differently).</summary>
    public static float[] ReorderBlocks(float[] values, int blocks, IReadOnlyList<int> order)
    {
        int size = values.Length / blocks;
        var result = new float[values.Length];
        for (int target = 0; target < order.Count; target++)
        {
            Array.Copy(values, order[target] * size, result, target * size, size);
        }

        return result;
    }

    /// <summary>Swaps the two axes of a matrix stored row-major.</summary>
    public static float[] Transpose(float[] values, long rows, long columns)
    {
        var result = new float[values.Length];
        for (long r = 0; r < rows; r++)
        {
            for (long c = 0; c < columns; c++)
            {
                result[(c * rows) + r] = values[(r * columns) + c];
            }
        }

        return result;
    }
}
