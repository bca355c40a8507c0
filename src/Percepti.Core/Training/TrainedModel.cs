using Percepti.Core.Data;
using Percepti.Core.Graph;
using static TorchSharp.torch;

namespace Percepti.Core.Training;

/// <summary>
/// A trained graph with the preprocessing fitted on its training split. Not thread-safe; dispose it when done.
/// Saving it as a package and exporting it to ONNX are extension methods in <c>Percepti.Core.Export</c>
/// (<c>Save</c>, <c>ExportOnnx</c>): training does not depend on export.
/// </summary>
public sealed class TrainedModel : IDisposable
{
    internal TrainedModel(GraphModule module, Preprocessor preprocessor, Device? device = null)
    {
        Module = module;
        Preprocessing = preprocessor;
        Device = device ?? CPU;
    }

    /// <summary>The graph that was trained.</summary>
    public ModelGraph Graph => Module.Graph;

    /// <summary>The preprocessing the model expects (fitted on the training split).</summary>
    public Preprocessor Preprocessing { get; }

    /// <summary>The number of trainable parameters.</summary>
    public long ParameterCount => Module.ParameterCount;

    internal GraphModule Module { get; }

    /// <summary>Where the model's weights live.</summary>
    internal Device Device { get; }

    /// <summary>Evaluates the first head on a dataset (typically the test split).</summary>
    /// <param name="dataset">Rows with the training columns.</param>
    /// <param name="batchSize">Rows per evaluation batch.</param>
    /// <returns>
    /// Loss and, for classification, accuracy, top-5, per-class metrics and the confusion matrix; for regression,
    /// MAE, MSE, RMSE and R² in the target's original units (a standardized target is converted back). The loss
    /// is the training loss, on the values the model sees.
    /// </returns>
    /// <exception cref="ColumnBindingException">The dataset lacks a column the model reads, or has it in another shape.</exception>
    public EvaluationReport Evaluate(Dataset dataset, int batchSize = 256) => Evaluate(dataset, batchSize, CancellationToken.None);

    /// <summary>
    /// Evaluates on a worker thread, for UI hosts (see <see cref="Evaluate(Dataset, int)"/>). The model is not
    /// thread-safe: do not use it elsewhere until the task ends.
    /// </summary>
    /// <param name="dataset">Rows with the training columns.</param>
    /// <param name="batchSize">Rows per evaluation batch.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>The report.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public Task<EvaluationReport> EvaluateAsync(Dataset dataset, int batchSize = 256, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return Task.Run(() => Evaluate(dataset, batchSize, cancellationToken), cancellationToken);
    }

    private EvaluationReport Evaluate(Dataset dataset, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (Module.Heads.Count == 0)
        {
            throw new InvalidOperationException($"Graph '{Graph.Name}' has no loss head to evaluate.");
        }

        ColumnBinding.Check(Graph, Preprocessing.Columns, null, "the model's preprocessing");
        ColumnBinding.CheckDataset(Graph, Preprocessing.Columns, dataset);
        var head = Module.Heads[0];
        var (prediction, target, classification) = Module.Wiring(head);
        var loader = new DataLoader(dataset, Preprocessing, new DataLoaderOptions { BatchSize = batchSize, Shuffle = false });

        var scores = new List<float>();
        var targets = new List<float>();
        var truth = new List<int>();
        double lossSum = 0;
        Module.eval();
        foreach (var batch in loader.ReadEpoch(0, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            using var inference = inference_mode();
            var outputs = Module.Run(batch.ToTensors(Device), [head, prediction]);
            lossSum += outputs[head].item<float>() * batch.Count;
            scores.AddRange(outputs[prediction].to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray());
            var column = batch.Columns[target.Value];
            if (classification)
            {
                for (int r = 0; r < batch.Count; r++)
                {
                    truth.Add(column.ClassOf(r));
                }
            }
            else
            {
                targets.AddRange(column.Buffer);
            }
        }

        double loss = dataset.Count == 0 ? 0 : lossSum / dataset.Count;
        if (classification)
        {
            var classes = Preprocessing[target.Value].ClassNames;
            return Metrics.Classification(scores.ToArray(), truth, classes, loss);
        }

        // Errors in the target's own units: the fitted normalization is undone on both sides.
        var state = Preprocessing[target.Value];
        return Metrics.Regression(state.ToOriginalUnits(scores.ToArray()), state.ToOriginalUnits(targets.ToArray()), dataset.Count, loss);
    }

    /// <summary>
    /// Writes only the weights, in TorchSharp's format, atomically: what a module generated by
    /// the code view (Export layer) loads with <c>load(path)</c>.
    /// </summary>
    /// <param name="path">The file.</param>
    public void SaveWeights(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        IO.AtomicFile.Write(path, temporary => Module.save(temporary));
    }

    /// <summary>Frees the model's weights.</summary>
    public void Dispose() => Module.Dispose();
}
