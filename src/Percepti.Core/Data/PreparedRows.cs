using TorchSharp;
using static TorchSharp.torch;

namespace Percepti.Core.Data;

/// <summary>
/// Every row of a dataset preprocessed once and kept as one contiguous tensor per column, on the device that trains:
/// a batch is then an index selection (plus augmentation as tensor ops), with no per-row managed work and no copy
/// from the host in the training loop. Owns its tensors.
/// </summary>
internal sealed class PreparedRows : IDisposable
{
    private readonly Dictionary<string, Tensor> _columns;
    private readonly Preprocessor _preprocessor;

    private PreparedRows(Dictionary<string, Tensor> columns, Preprocessor preprocessor)
    {
        _columns = columns;
        _preprocessor = preprocessor;
    }

    /// <summary>The bytes the preprocessed rows of a dataset take (32-bit values), known before anything is read.</summary>
    /// <param name="rows">The number of rows.</param>
    /// <param name="preprocessor">The fitted preprocessing (its output shapes).</param>
    /// <returns>The size; <see cref="long.MaxValue"/> when it overflows.</returns>
    public static long SizeInBytes(int rows, Preprocessor preprocessor)
    {
        try
        {
            return checked(rows * preprocessor.Columns.Sum(c => c.OutputShape.ElementCount) * sizeof(float));
        }
        catch (OverflowException)
        {
            return long.MaxValue;
        }
    }

    /// <summary>Reads and preprocesses every row (the loader's background thread reads ahead) into tensors on a device.</summary>
    /// <param name="dataset">The rows.</param>
    /// <param name="preprocessor">The fitted preprocessing.</param>
    /// <param name="device">Where the tensors live.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The prepared rows; the caller owns them.</returns>
    /// <exception cref="DatasetException">A row cannot be read or preprocessed; the message names it.</exception>
    public static PreparedRows Prepare(Dataset dataset, Preprocessor preprocessor, Device device, CancellationToken cancellationToken = default)
    {
        var loader = new DataLoader(dataset, preprocessor, new DataLoaderOptions { BatchSize = 1024, Shuffle = false, PrefetchBatches = 4 });
        var columns = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var state in preprocessor.Columns)
            {
                var type = state.IsClassIndex ? ScalarType.Int64 : ScalarType.Float32;
                columns[state.Name] = empty(state.OutputShape.ToInt64Array(batch: dataset.Count), type).DetachFromDisposeScope();
            }

            int start = 0;
            foreach (var batch in loader.ReadEpoch(0, cancellationToken))
            {
                using var scope = NewDisposeScope();
                foreach (var (name, values) in batch.ToTensors(CPU))
                {
                    columns[name].narrow(0, start, batch.Count).copy_(values);
                }

                start += batch.Count;
            }

            if (device.type != DeviceType.CPU)
            {
                foreach (var name in columns.Keys.ToList())
                {
                    columns[name] = columns[name].to(device, disposeAfter: true).DetachFromDisposeScope();
                }
            }

            return new PreparedRows(columns, preprocessor);
        }
        catch
        {
            foreach (var column in columns.Values)
            {
                column.Dispose();
            }

            throw;
        }
    }

    /// <summary>The tensors of a batch, new (the caller owns them, e.g. through a dispose scope).</summary>
    /// <param name="indices">The rows, as an int64 tensor on the rows' device.</param>
    /// <param name="rows">The same rows on the host (they seed augmentation).</param>
    /// <param name="epoch">The epoch (it seeds augmentation).</param>
    /// <param name="seed">The seed of augmentation.</param>
    /// <param name="augmentation">Changes to image columns, or null.</param>
    /// <returns>A tensor per column, batch first.</returns>
    public Dictionary<string, Tensor> Take(Tensor indices, ReadOnlySpan<int> rows, int epoch, int seed, Augmentation? augmentation)
    {
        var batch = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var state in _preprocessor.Columns)
        {
            var values = _columns[state.Name].index_select(0, indices);
            if (augmentation is { IsActive: true } && state.IsImage)
            {
                values = BatchAugmentation.Apply(values, rows, epoch, seed, augmentation, state);
            }

            batch[state.Name] = values;
        }

        return batch;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var column in _columns.Values)
        {
            column.Dispose();
        }

        _columns.Clear();
    }
}
