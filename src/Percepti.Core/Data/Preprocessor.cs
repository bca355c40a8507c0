using System.Text.Json;
using Percepti.Core.Graph;

namespace Percepti.Core.Data;

/// <summary>
/// Preprocessing fitted on a training split: per column, the conversions to apply and the
/// normalization statistics learned from training rows only. Serialisable, so a saved model applies
/// exactly the same preprocessing at inference.
/// </summary>
public sealed class Preprocessor
{
    private const int FormatVersion = 1;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly Dictionary<string, ColumnState> _columns;

    private Preprocessor(IReadOnlyList<ColumnState> columns)
    {
        Columns = columns;
        _columns = columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    /// <summary>The columns delivered to the model (inputs and targets), in schema order.</summary>
    public IReadOnlyList<ColumnState> Columns { get; }

    /// <summary>Gets a column's state.</summary>
    /// <param name="column">The column's name.</param>
    /// <exception cref="DatasetException">The column is not preprocessed (unknown, unused or text).</exception>
    public ColumnState this[string column] => _columns.TryGetValue(column, out var state)
        ? state
        : throw new DatasetException($"Column '{column}' is not part of the preprocessing; it has {string.Join(", ", _columns.Keys)}.");

    /// <summary>Fits preprocessing on training rows: every input and target column, with the given settings.</summary>
    /// <param name="training">The training split (never validation or test: their statistics must not leak in).</param>
    /// <param name="settings">Per column settings; columns not named get none.</param>
    /// <param name="progress">Receives progress while statistics are computed.</param>
    /// <returns>The fitted preprocessing.</returns>
    /// <exception cref="DatasetException">A setting does not apply to its column, or the training split is empty.</exception>
    public static Preprocessor Fit(Dataset training, IReadOnlyDictionary<string, ColumnPreprocessing>? settings = null, IProgress<LoadProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(training);
        if (training.Count == 0)
        {
            throw new DatasetException($"Cannot fit preprocessing on {training.Source}: it has no rows.");
        }

        var states = new List<ColumnState>();
        foreach (var planned in Plan(training.Schema, settings))
        {
            states.Add(FitStatistics(training, planned, progress));
        }

        return new Preprocessor(states);
    }

    /// <summary>
    /// What <see cref="Fit"/> will deliver, without reading a row: every input and target column with its
    /// settings checked and its output shape, but no statistics. Lets callers check a graph against the data
    /// before any work.
    /// </summary>
    /// <param name="schema">The training columns.</param>
    /// <param name="settings">Per column settings (by name or label); columns not named get none.</param>
    /// <returns>The unfitted column states, in schema order.</returns>
    /// <exception cref="DatasetException">A setting names no column or does not apply to its column.</exception>
    internal static IReadOnlyList<ColumnState> Plan(DatasetSchema schema, IReadOnlyDictionary<string, ColumnPreprocessing>? settings)
    {
        settings ??= new Dictionary<string, ColumnPreprocessing>();
        var byColumn = new Dictionary<string, ColumnPreprocessing>(StringComparer.Ordinal);
        foreach (var (name, setting) in settings)
        {
            byColumn[schema.Columns[schema.IndexOf(name)].Name] = setting;
        }

        return [.. schema.Columns
            .Where(c => c.Role != ColumnRole.Unused && c.IsNumeric)
            .Select(c => PlanColumn(c, byColumn.GetValueOrDefault(c.Name) ?? new ColumnPreprocessing()))];
    }

    /// <summary>Reads a preprocessing written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The preprocessing.</returns>
    /// <exception cref="DatasetException">The text is not a valid preprocessing document.</exception>
    public static Preprocessor FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            var document = JsonSerializer.Deserialize<PreprocessorDocument>(json)
                ?? throw new DatasetException("The preprocessing JSON is empty.");
            if (document.Version != FormatVersion)
            {
                throw new DatasetException($"Preprocessing format version {document.Version} is not supported (expected {FormatVersion}).");
            }

            return new Preprocessor([.. (document.Columns ?? []).Select(c => c.ToState())]);
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or NotSupportedException or NullReferenceException or InvalidOperationException)
        {
            throw new DatasetException($"The preprocessing JSON is not valid: {exception.Message}", exception);
        }
    }

    /// <summary>Writes the fitted state (settings, statistics, class names, shapes) as JSON.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(
        new PreprocessorDocument { Version = FormatVersion, Columns = [.. Columns.Select(PreprocessorDocument.ColumnDocument.From)] },
        Indented);

    /// <summary>Applies the deterministic steps (and augmentation, when given) to one raw value of a column.</summary>
    /// <param name="column">The column's state.</param>
    /// <param name="raw">The raw values (InputShape).</param>
    /// <param name="output">Receives OutputShape values.</param>
    /// <param name="augmentation">Random changes for training rows, or null.</param>
    /// <param name="random">The generator augmentation draws from.</param>
    public static void Apply(ColumnState column, ReadOnlySpan<float> raw, Span<float> output, Augmentation? augmentation = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.Kind is ColumnKind.Categorical or ColumnKind.Binary && column.ClassNames.Count > 0)
        {
            // A class index outside the classes would reach the loss head as an index libtorch cannot take.
            float index = raw[0];
            if (!ClassLabels.IsClassIndex(index, column.ClassNames.Count))
            {
                throw new DatasetException($"Column '{column.Name}': class index {index.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not one of 0 to {column.ClassNames.Count - 1}.");
            }

            if (column.Settings.OneHot)
            {
                output.Clear();
                output[(int)index] = 1;
            }
            else
            {
                output[0] = index;
            }

            return;
        }

        float[] values = raw.ToArray();
        if (column.IsImage)
        {
            var input = column.InputShape;
            int channels = input[0], height = input[1], width = input[2];
            int targetChannels = column.OutputShape[0];
            values = ImageOperations.ConvertColor(values, channels, height, width, targetChannels);
            values = ImageOperations.Resize(values, targetChannels, height, width, column.OutputShape[1], column.OutputShape[2]);
            if (augmentation is { IsActive: true } && random is not null)
            {
                ImageOperations.Augment(values, targetChannels, column.OutputShape[1], column.OutputShape[2], augmentation, random);
            }
        }

        for (int i = 0; i < values.Length; i++)
        {
            int g = GroupOf(column, i, values.Length);
            output[i] = column.Offset.Count == 0 ? values[i] : (float)((values[i] - column.Offset[g]) * column.Scale[g]);
        }
    }

    /// <summary>Which offset and scale apply to a value: one per channel (a contiguous block of the sample), or one for all.</summary>
    /// <param name="column">The fitted column.</param>
    /// <param name="index">The value's position in the preprocessed sample.</param>
    /// <param name="count">The number of values in the sample.</param>
    /// <returns>The index into <see cref="ColumnState.Offset"/> and <see cref="ColumnState.Scale"/>.</returns>
    internal static int GroupOf(ColumnState column, int index, int count)
    {
        int groups = column.Offset.Count;
        return groups <= 1 ? 0 : index / (count / groups);
    }

    /// <summary>
    /// How many statistics a normalized column gets: one per channel for images, one per feature for a
    /// vector (features of one table have unrelated scales), one for anything else.
    /// </summary>
    internal static int StatisticGroups(ColumnState state) =>
        state.IsImage ? state.OutputShape[0]
        : state.OutputShape.Rank == 1 ? state.OutputShape[0]
        : 1;

    private static ColumnState PlanColumn(DatasetColumn column, ColumnPreprocessing setting)
    {
        bool categorical = column.Kind is ColumnKind.Categorical or ColumnKind.Binary;
        if (setting.OneHot && !categorical)
        {
            throw new DatasetException($"Column '{column.Name}' is {column.Kind}; one-hot encoding applies to categorical and binary columns.");
        }

        if (setting.OneHot && column.ClassNames.Count == 0)
        {
            throw new DatasetException($"Column '{column.Name}' has no class names; one-hot encoding needs the classes.");
        }

        bool imageSettings = setting.Color != ColorMode.Keep || setting.ResizeHeight is not null || setting.ResizeWidth is not null;
        if (imageSettings && !column.IsImage)
        {
            throw new DatasetException($"Column '{column.Name}' is not an image; color and resize settings apply to image columns.");
        }

        if (setting.Normalization != NormalizationMode.None && categorical)
        {
            throw new DatasetException($"Column '{column.Name}' holds classes; normalization applies to numbers.");
        }

        var output = column.ModelShape;
        if (setting.OneHot)
        {
            output = TensorShape.Of(column.ClassNames.Count);
        }
        else if (column.IsImage)
        {
            int channels = setting.Color switch { ColorMode.Grayscale => 1, ColorMode.Rgb => 3, _ => column.Shape[0] };
            output = TensorShape.Of(channels, setting.ResizeHeight ?? column.Shape[1], setting.ResizeWidth ?? column.Shape[2]);
        }

        return new ColumnState(column.Name, column.Kind, column.Role, column.Shape, output, setting, [], [], column.ClassNames, column.IsImage) { Features = column.Features };
    }

    private static ColumnState FitStatistics(Dataset training, ColumnState state, IProgress<LoadProgress>? progress)
    {
        var setting = state.Settings;
        var output = state.OutputShape;
        if (setting.Normalization == NormalizationMode.None)
        {
            return state;
        }

        var column = training.Schema[state.Name];

        // Statistics of the deterministic output (per channel, per feature or whole), from training rows only.
        int groups = StatisticGroups(state);
        var sum = new double[groups];
        var squares = new double[groups];
        var min = Enumerable.Repeat(double.PositiveInfinity, groups).ToArray();
        var max = Enumerable.Repeat(double.NegativeInfinity, groups).ToArray();
        long perGroup = output.ElementCount / groups;
        var raw = new float[column.Shape.ElementCount];
        var converted = new float[output.ElementCount];
        int columnIndex = training.Schema.IndexOf(column.Name);
        for (int row = 0; row < training.Count; row++)
        {
            training.Read(row, columnIndex, raw);
            Apply(state, raw, converted);
            for (int i = 0; i < converted.Length; i++)
            {
                float value = converted[i];
                if (!float.IsFinite(value))
                {
                    throw new DatasetException($"Column '{column.Name}' of {training.Source} has a non-finite value ({value}) in row {row}; clean it before normalizing.");
                }

                int g = (int)(i / perGroup);
                sum[g] += value;
                squares[g] += (double)value * value;
                min[g] = Math.Min(min[g], value);
                max[g] = Math.Max(max[g], value);
            }

            if (row % 1000 == 999)
            {
                progress?.Report(new LoadProgress(training.Source, row + 1, training.Count, "rows"));
            }
        }

        long n = perGroup * training.Count;
        var offset = new double[groups];
        var scale = new double[groups];
        for (int g = 0; g < groups; g++)
        {
            if (setting.Normalization == NormalizationMode.Standardize)
            {
                double mean = sum[g] / n;
                double std = Math.Sqrt(Math.Max((squares[g] / n) - (mean * mean), 0));
                offset[g] = mean;
                scale[g] = std > 1e-12 ? 1 / std : 1;
            }
            else
            {
                offset[g] = min[g];
                scale[g] = max[g] - min[g] > 1e-12 ? 1 / (max[g] - min[g]) : 1;
            }
        }

        return state with { Offset = offset, Scale = scale };
    }
}
