using TorchSharp;
using static TorchSharp.torch;

namespace Percepti.Core.Data;

/// <summary>Rows prepared for the model: every preprocessed column as managed values.</summary>
public sealed class Batch
{
    internal Batch(int index, int[] rows, IReadOnlyDictionary<string, BatchColumn> columns)
    {
        Index = index;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>The batch's position in its epoch.</summary>
    public int Index { get; }

    /// <summary>The dataset rows in the batch, in order.</summary>
    public IReadOnlyList<int> Rows { get; }

    /// <summary>How many rows.</summary>
    public int Count => Rows.Count;

    /// <summary>The preprocessed columns by name.</summary>
    public IReadOnlyDictionary<string, BatchColumn> Columns { get; }

    /// <summary>Creates one tensor per column on a device (batch dimension first); the caller owns them.</summary>
    internal Dictionary<string, Tensor> ToTensors(Device device)
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, column) in Columns)
        {
            result[name] = tensor(column.Buffer, column.Shape.ToInt64Array(batch: Count), device: device);
        }

        return result;
    }
}
