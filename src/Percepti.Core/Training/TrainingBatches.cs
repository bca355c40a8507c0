using Percepti.Core.Data;
using static TorchSharp.torch;

namespace Percepti.Core.Training;

/// <summary>
/// The training split as batches on the training device. When its preprocessed rows fit
/// <see cref="TrainingOptions.PreparedDataBudgetBytes"/>, they are prepared once as tensors on the device and every
/// batch is an index selection from the epoch's permutation (augmentation as tensor ops); otherwise the rows stream
/// through a <see cref="DataLoader"/> that reads ahead on a background thread. Both give the same batches, in the
/// same order, with the same values.
/// </summary>
internal sealed class TrainingBatches : IDisposable
{
    private readonly DataLoader _loader;
    private readonly PreparedRows? _prepared;
    private readonly Device _device;

    private TrainingBatches(DataLoader loader, PreparedRows? prepared, Device device)
    {
        _loader = loader;
        _prepared = prepared;
        _device = device;
    }

    /// <summary>Batches per epoch.</summary>
    public int BatchCount => _loader.BatchCount;

    /// <summary>Whether the rows were prepared as tensors (rather than streamed).</summary>
    public bool IsPrepared => _prepared is not null;

    /// <summary>Chooses how to batch the training rows and, when they fit the budget, prepares them.</summary>
    /// <param name="dataset">The training rows.</param>
    /// <param name="preprocessor">The fitted preprocessing.</param>
    /// <param name="options">Batch size, seed, augmentation and the budget.</param>
    /// <param name="device">The training device.</param>
    /// <returns>The batches; the caller disposes them.</returns>
    public static TrainingBatches Create(Dataset dataset, Preprocessor preprocessor, TrainingOptions options, Device device)
    {
        var loader = new DataLoader(dataset, preprocessor, new DataLoaderOptions { BatchSize = options.BatchSize, Seed = options.Seed, Augmentation = options.Augmentation });
        bool fits = PreparedRows.SizeInBytes(dataset.Count, preprocessor) <= options.PreparedDataBudgetBytes;
        if (!fits)
        {
            return new TrainingBatches(loader, null, device);
        }

        try
        {
            return new TrainingBatches(loader, PreparedRows.Prepare(dataset, preprocessor, device), device);
        }
        catch (DatasetException exception)
        {
            // No epoch or batch to name yet: the row is the place.
            throw new TrainingException($"Preparing the training rows before the first epoch: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// The batches of an epoch. Each creates its tensors when asked, so that they belong to the step's dispose scope;
    /// a batch can be asked only while its epoch is being enumerated (the epoch's permutation lives that long).
    /// </summary>
    /// <param name="epoch">The epoch (it seeds the order and augmentation).</param>
    /// <returns>The batches in order.</returns>
    public IEnumerable<PendingBatch> ReadEpoch(int epoch)
    {
        if (_prepared is null)
        {
            foreach (var batch in _loader.ReadEpoch(epoch))
            {
                yield return new PendingBatch(batch.Count, () => batch.ToTensors(_device));
            }

            yield break;
        }

        // The loader's own order: preparing the rows changes nothing about which rows form a batch.
        int[] order = _loader.Order(epoch);
        using var permutation = tensor(Array.ConvertAll(order, r => (long)r), device: _device).DetachFromDisposeScope();
        var options = _loader.Options;
        for (int start = 0, b = 0; b < BatchCount; b++, start += options.BatchSize)
        {
            int first = start;
            int count = Math.Min(options.BatchSize, order.Length - start);
            yield return new PendingBatch(count, () => _prepared.Take(permutation.narrow(0, first, count), order.AsSpan(first, count), epoch, options.Seed, options.Augmentation));
        }
    }

    /// <inheritdoc />
    public void Dispose() => _prepared?.Dispose();
}
