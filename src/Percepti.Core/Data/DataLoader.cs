using System.Collections.Concurrent;

namespace Percepti.Core.Data;

/// <summary>
/// Turns a dataset into preprocessed batches: a per-epoch seeded shuffle, a last partial batch,
/// augmentation for training loaders, and a background thread that prepares a bounded number of
/// batches ahead so the model never waits on reading.
/// </summary>
public sealed class DataLoader
{
    private readonly Dataset _dataset;
    private readonly Preprocessor _preprocessor;
    private readonly int[] _columnIndices;

    /// <summary>Creates a loader.</summary>
    /// <param name="dataset">The rows (a split part).</param>
    /// <param name="preprocessor">Preprocessing fitted on the training split.</param>
    /// <param name="options">Batch size, shuffle, seed, prefetch, augmentation.</param>
    /// <exception cref="DatasetException">The dataset lacks a preprocessed column or has a different shape.</exception>
    public DataLoader(Dataset dataset, Preprocessor preprocessor, DataLoaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(preprocessor);
        _dataset = dataset;
        _preprocessor = preprocessor;
        Core.Options.OptionsValidator.Validate(options, nameof(options));
        Options = options ?? new DataLoaderOptions();

        _columnIndices = [.. preprocessor.Columns.Select(c => dataset.Schema.IndexOf(c.Name))];
        foreach (var (state, index) in preprocessor.Columns.Zip(_columnIndices))
        {
            if (dataset.Schema.Columns[index].Shape != state.InputShape)
            {
                throw new DatasetException($"Column '{state.Name}' of {dataset.Source} has shape {dataset.Schema.Columns[index].Shape}, but the preprocessing was fitted on {state.InputShape}.");
            }
        }
    }

    /// <summary>The options.</summary>
    public DataLoaderOptions Options { get; }

    /// <summary>Rows per epoch.</summary>
    public int RowCount => _dataset.Count;

    /// <summary>Batches per epoch.</summary>
    public int BatchCount => Options.DropLast ? _dataset.Count / Options.BatchSize : (_dataset.Count + Options.BatchSize - 1) / Options.BatchSize;

    /// <summary>The row order of an epoch: a seeded shuffle, or the dataset order.</summary>
    /// <param name="epoch">The epoch number.</param>
    /// <returns>Row indices.</returns>
    public int[] Order(int epoch)
    {
        int[] rows = [.. Enumerable.Range(0, _dataset.Count)];
        if (!Options.Shuffle)
        {
            return rows;
        }

        var random = new Random(unchecked((Options.Seed * 7919) + epoch));
        for (int i = rows.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (rows[i], rows[j]) = (rows[j], rows[i]);
        }

        return rows;
    }

    /// <summary>The batches of one epoch, prepared in the background.</summary>
    /// <param name="epoch">The epoch number (it seeds the shuffle and augmentation).</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The batches, in order.</returns>
    /// <exception cref="DatasetException">Reading or preprocessing a row failed; the message names the row.</exception>
    public IEnumerable<Batch> ReadEpoch(int epoch, CancellationToken cancellationToken = default)
    {
        int[] order = Order(epoch);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var queue = new BlockingCollection<Batch>(Options.PrefetchBatches);
        var producer = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    for (int b = 0; b < BatchCount; b++)
                    {
                        stop.Token.ThrowIfCancellationRequested();
                        int start = b * Options.BatchSize;
                        int[] rows = order[start..Math.Min(start + Options.BatchSize, order.Length)];
                        queue.Add(Build(b, rows, epoch), stop.Token);
                    }
                }
                finally
                {
                    queue.CompleteAdding();
                }
            },
            stop.Token,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        try
        {
            foreach (var batch in queue.GetConsumingEnumerable(stop.Token))
            {
                yield return batch;
            }

            producer.GetAwaiter().GetResult();
        }
        finally
        {
            // The consumer may stop early: release the producer and wait for it.
            stop.Cancel();
            try
            {
                producer.Wait(CancellationToken.None);
            }
            catch (AggregateException)
            {
                // Cancelled, or failed: a failure was rethrown above with its own type, or the consumer left
                // early and wants no more rows. Either way the producer has stopped; nothing else to report.
            }
        }
    }

    /// <summary>Builds one batch synchronously (used by the background thread and by tests).</summary>
    internal Batch Build(int index, int[] rows, int epoch)
    {
        var columns = new Dictionary<string, BatchColumn>(StringComparer.Ordinal);
        var augmentation = Options.Augmentation;
        for (int c = 0; c < _preprocessor.Columns.Count; c++)
        {
            var state = _preprocessor.Columns[c];
            int size = checked((int)state.OutputShape.ElementCount);
            var values = new float[rows.Length * size];
            var raw = new float[state.InputShape.ElementCount];
            for (int r = 0; r < rows.Length; r++)
            {
                try
                {
                    _dataset.Read(rows[r], _columnIndices[c], raw);
                }
                catch (Exception exception) when (exception is not DatasetException and not OperationCanceledException and not OutOfMemoryException)
                {
                    throw new DatasetException($"Row {rows[r]} of {_dataset.Source}, column '{state.Name}': {exception.Message}", exception);
                }

                try
                {
                    // Augmentation draws from (seed, epoch, row): reproducible whatever the thread.
                    var random = augmentation is { IsActive: true } && state.IsImage
                        ? BatchAugmentation.RowRandom(Options.Seed, epoch, rows[r])
                        : null;
                    Preprocessor.Apply(state, raw, values.AsSpan(r * size, size), random is null ? null : augmentation, random);
                }
                catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
                {
                    // The values were read; what they hold is wrong (e.g. a class index outside the classes): name the row.
                    throw new DatasetException($"Row {rows[r]} of {_dataset.Source}: {exception.Message}", exception);
                }
            }

            columns[state.Name] = new BatchColumn(values, state.OutputShape, state.IsClassIndex);
        }

        return new Batch(index, rows, columns);
    }
}
