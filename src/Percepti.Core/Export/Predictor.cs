using Percepti.Core.Components;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Data;
using Percepti.Core.Graph;
using Percepti.Core.Training;
using static TorchSharp.torch;

namespace Percepti.Core.Export;

/// <summary>
/// Predictions from a trained model for raw rows: the preprocessing fitted at training is applied,
/// then the model runs in inference mode. Safe for concurrent callers.
/// </summary>
public sealed class Predictor : IDisposable
{
    private readonly TrainedModel _model;
    private readonly bool _ownsModel;
    private readonly Lock _gate = new();
    private readonly NodeId _output;
    private readonly IReadOnlyList<ColumnState> _inputs;
    private readonly ColumnState _target;

    /// <summary>Wraps a trained model (which the caller keeps owning).</summary>
    /// <param name="model">The model.</param>
    public Predictor(TrainedModel model)
        : this(model, owns: false, new Dictionary<string, double>())
    {
    }

    private Predictor(TrainedModel model, bool owns, IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _ownsModel = owns;
        Metrics = metrics;
        var graph = model.Graph;
        var head = model.Module.Heads.Count > 0 ? model.Module.Heads[0] : throw new ArgumentException($"Graph '{graph.Name}' has no head to predict with.", nameof(model));
        ColumnBinding.Check(graph, model.Preprocessing.Columns, null, "the model's preprocessing");
        (_output, var target, IsClassification) = model.Module.Wiring(head);
        _target = model.Preprocessing[target.Value];
        ClassNames = IsClassification ? _target.ClassNames : [];
        _inputs = [.. model.Module.Inputs.Select(i => model.Preprocessing[i.Value])];
        TableColumns = [.. _inputs.SelectMany(i => i.Features.Count > 0 ? i.Features.Select(f => f.Label) : [i.Name])];
    }

    /// <summary>
    /// The columns a row needs for <see cref="PredictRow"/>, by the names the data had: the columns packed
    /// into a feature vector (see <see cref="Dataset.ToFeatureVector"/>) and every other input.
    /// </summary>
    public IReadOnlyList<string> TableColumns { get; }

    /// <summary>Whether the model classifies (otherwise it predicts values).</summary>
    public bool IsClassification { get; }

    /// <summary>The class names, for classification.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The inputs a row needs, with their raw shapes.</summary>
    public IReadOnlyList<(string Name, TensorShape Shape)> Inputs => [.. _inputs.Select(i => (i.Name, i.InputShape))];

    /// <summary>The metrics stored with the model package.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; }

    /// <summary>Loads a model package for predictions.</summary>
    /// <param name="path">The <c>.pmodel</c> file.</param>
    /// <param name="catalog">Resolves the graph's kinds (custom kinds); the default catalog when null.</param>
    /// <param name="backend">Where to run; the CPU when null.</param>
    /// <returns>The predictor; dispose it when done.</returns>
    /// <exception cref="ModelPackageException">The file is not a valid model package.</exception>
    /// <exception cref="Backends.BackendUnavailableException">The backend cannot be used here.</exception>
    public static Predictor Load(string path, ComponentCatalog? catalog = null, Backends.IComputeBackend? backend = null)
    {
        var (model, metrics) = ModelPackage.Load(path, catalog, backend);
        try
        {
            return new Predictor(model, owns: true, metrics);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Predicts one row of a single-input model.</summary>
    /// <param name="input">The raw values of the input (e.g. pixels in [0, 1]), row-major.</param>
    /// <returns>The prediction; regression values are in the target's original units.</returns>
    public Prediction Predict(float[] input)
    {
        if (_inputs.Count != 1)
        {
            throw new ArgumentException($"The model has {_inputs.Count} inputs ({string.Join(", ", _inputs.Select(i => i.Name))}); pass them by name.", nameof(input));
        }

        return PredictBatch([new Dictionary<string, float[]> { [_inputs[0].Name] = input }])[0];
    }

    /// <summary>Predicts one row.</summary>
    /// <param name="row">The raw values of every input, by name.</param>
    /// <returns>The prediction.</returns>
    public Prediction Predict(IReadOnlyDictionary<string, float[]> row) => PredictBatch([row])[0];

    /// <summary>
    /// Predicts one table row given by column name, as a user has it: numbers for numeric columns (any numeric
    /// type or text in invariant culture), class names for categorical and binary columns, and arrays for
    /// tensor inputs. Columns packed into a feature vector at training are packed the same way here.
    /// </summary>
    /// <param name="row">The values by column name (or label); extra columns are ignored.</param>
    /// <returns>The prediction; regression values are in the target's original units.</returns>
    /// <exception cref="ArgumentException">A column is missing, or its value is not a number or a known class; the message names it.</exception>
    public Prediction PredictRow(IReadOnlyDictionary<string, object> row) => PredictRows([row])[0];

    /// <summary>Predicts several table rows given by column name (see <see cref="PredictRow"/>).</summary>
    /// <param name="rows">Each row's values by column name.</param>
    /// <returns>One prediction per row, in order.</returns>
    /// <exception cref="ArgumentException">A column is missing or a value cannot be read; the message names the row and column.</exception>
    public IReadOnlyList<Prediction> PredictRows(IReadOnlyList<IReadOnlyDictionary<string, object>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var raw = new List<IReadOnlyDictionary<string, float[]>>(rows.Count);
        for (int r = 0; r < rows.Count; r++)
        {
            ArgumentNullException.ThrowIfNull(rows[r], nameof(rows));
            raw.Add(_inputs.ToDictionary(i => i.Name, i => TableRow.Encode(i, rows[r], r), StringComparer.Ordinal));
        }

        return PredictBatch(raw);
    }

    /// <summary>Predicts several rows in one pass.</summary>
    /// <param name="rows">Each row's raw input values by name.</param>
    /// <returns>One prediction per row, in order.</returns>
    /// <exception cref="ArgumentException">An input is missing or has the wrong number of values.</exception>
    public IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<IReadOnlyDictionary<string, float[]>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return [];
        }

        var prepared = new Dictionary<string, (float[] Values, TensorShape Shape)>(StringComparer.Ordinal);
        foreach (var column in _inputs)
        {
            int size = checked((int)column.OutputShape.ElementCount);
            var values = new float[rows.Count * size];
            for (int r = 0; r < rows.Count; r++)
            {
                if (!rows[r].TryGetValue(column.Name, out var raw))
                {
                    throw new ArgumentException($"Row {r} has no value for input '{column.Name}'.", nameof(rows));
                }

                if (raw.Length != column.InputShape.ElementCount)
                {
                    throw new ArgumentException($"Row {r}: input '{column.Name}' needs {column.InputShape.ElementCount} values (shape {column.InputShape}), not {raw.Length}.", nameof(rows));
                }

                Preprocessor.Apply(column, raw, values.AsSpan(r * size, size));
            }

            prepared[column.Name] = (values, column.OutputShape);
        }

        float[] scores;
        lock (_gate)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var tensors = prepared.ToDictionary(p => p.Key, p => tensor(p.Value.Values, p.Value.Shape.ToInt64Array(batch: rows.Count), device: _model.Device), StringComparer.Ordinal);
            var outputs = _model.Module.Run(tensors, [_output]);
            scores = outputs[_output].to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
        }

        int width = scores.Length / rows.Count;
        var predictions = new List<Prediction>(rows.Count);
        for (int r = 0; r < rows.Count; r++)
        {
            var values = scores.AsSpan(r * width, width).ToArray();
            if (!IsClassification)
            {
                // In the target's own units: the normalization fitted on its training values is undone.
                predictions.Add(new Prediction { Values = _target.ToOriginalUnits(values) });
                continue;
            }

            float max = values.Max();
            double sum = values.Sum(v => Math.Exp(v - max));
            var probabilities = values.Select((v, i) => new ClassProbability(i < ClassNames.Count ? ClassNames[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture), i, (float)(Math.Exp(v - max) / sum))).ToList();
            predictions.Add(new Prediction { Values = values, Probabilities = probabilities });
        }

        return predictions;
    }

    /// <summary>Frees the model when this predictor loaded it.</summary>
    public void Dispose()
    {
        if (_ownsModel)
        {
            _model.Dispose();
        }
    }
}
