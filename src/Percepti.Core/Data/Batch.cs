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

    /// <summary>Creates one tensor per column on a device (batch dimension first; class indices as int64); the caller owns them.</summary>
    internal Dictionary<string, Tensor> ToTensors(Device device)
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, column) in Columns)
        {
            var host = tensor(column.Buffer, column.Shape.ToInt64Array(batch: Count));
            if (column.HoldsClassIndices)
            {
                host = host.to(ScalarType.Int64, disposeAfter: true);
            }

            if (device.type == DeviceType.CPU)
            {
                result[name] = host;
                continue;
            }

            // Page-locked host memory lets the copy run asynchronously, overlapped with the device's work on the
            // previous batch; libtorch's pinned allocator keeps the buffer until the copy has finished.
            using (host)
            using (var pinned = host.pin_memory())
            {
                result[name] = pinned.to(device, non_blocking: true);
            }
        }

        return result;
    }
}
