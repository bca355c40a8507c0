using Percepti.Core.Graph;
using Percepti.Core.Preview;

namespace Percepti.Core.Data;

/// <summary>
/// Rows of named columns with random access by index. Values are read as floats in row-major
/// order (a class is read as its index). Implementations are safe for concurrent readers.
/// </summary>
public abstract class Dataset
{
    /// <summary>The columns.</summary>
    public abstract DatasetSchema Schema { get; }

    /// <summary>The number of rows.</summary>
    public abstract int Count { get; }

    /// <summary>Where the rows came from, for messages (a file, "memory", "subset of …").</summary>
    public virtual string Source => "memory";

    /// <summary>Reads one row's value of one column.</summary>
    /// <param name="row">The row, 0 to <see cref="Count"/> - 1.</param>
    /// <param name="column">The column's position in the schema.</param>
    /// <param name="destination">Receives the column's <c>Shape.ElementCount</c> values.</param>
    public abstract void Read(int row, int column, Span<float> destination);

    /// <summary>Reads one row's value of a text column.</summary>
    /// <param name="row">The row.</param>
    /// <param name="column">The column's position.</param>
    /// <returns>The text.</returns>
    /// <exception cref="DatasetException">The column is not a text column.</exception>
    public virtual string ReadText(int row, int column) =>
        throw new DatasetException($"Column '{Schema.Columns[column].Name}' of {Source} is not a text column.");

    /// <summary>Reads one row's value of a column into a new array.</summary>
    /// <param name="row">The row.</param>
    /// <param name="column">The column's name.</param>
    /// <returns>The values.</returns>
    public float[] Read(int row, string column)
    {
        int index = Schema.IndexOf(column);
        CheckRow(row);
        var values = new float[Schema.Columns[index].Shape.ElementCount];
        Read(row, index, values);
        return values;
    }

    /// <summary>Reads the class index of a categorical or binary column.</summary>
    /// <param name="row">The row.</param>
    /// <param name="column">The column's name.</param>
    /// <returns>The class index.</returns>
    public int ReadClass(int row, string column)
    {
        var definition = Schema[column];
        if (definition.Kind is not (ColumnKind.Categorical or ColumnKind.Binary))
        {
            throw new DatasetException($"Column '{column}' of {Source} is {definition.Kind}, not categorical.");
        }

        return (int)Read(row, column)[0];
    }

    /// <summary>A view of some rows, in the given order.</summary>
    /// <param name="rows">Row indices into this dataset.</param>
    /// <returns>The subset.</returns>
    public Dataset Subset(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (int row in rows)
        {
            CheckRow(row);
        }

        return new SubsetDataset(this, [.. rows]);
    }

    /// <summary>Returns this dataset with one column's role changed (e.g. a CSV column marked as the target).</summary>
    /// <param name="column">The column.</param>
    /// <param name="role">Its new role.</param>
    /// <returns>A view with the new schema.</returns>
    public Dataset WithRole(string column, ColumnRole role) => new SchemaViewDataset(this, Schema.WithRole(column, role));

    /// <summary>Splits into training, validation and test parts by fractions of the rows, reproducibly.</summary>
    /// <param name="train">Fraction for training.</param>
    /// <param name="validation">Fraction for validation.</param>
    /// <param name="test">Fraction for testing (0 when a separate test set is used).</param>
    /// <param name="seed">The shuffle seed; the same seed gives the same split.</param>
    /// <param name="stratifyBy">A categorical column whose class proportions each part keeps, or null.</param>
    /// <returns>The split.</returns>
    public DatasetSplit Split(double train, double validation, double test = 0, int seed = 0, string? stratifyBy = null) =>
        DatasetSplit.ByFractions(this, train, validation, test, seed, stratifyBy);

    /// <summary>Splits into training, validation and test parts by row counts, reproducibly.</summary>
    /// <param name="train">Rows for training.</param>
    /// <param name="validation">Rows for validation.</param>
    /// <param name="test">Rows for testing.</param>
    /// <param name="seed">The shuffle seed.</param>
    /// <param name="stratifyBy">A categorical column whose class proportions each part keeps, or null.</param>
    /// <returns>The split.</returns>
    public DatasetSplit SplitCounts(int train, int validation, int test = 0, int seed = 0, string? stratifyBy = null) =>
        DatasetSplit.ByCounts(this, train, validation, test, seed, stratifyBy);

    /// <summary>One row as a preview sample: every numeric column by name.</summary>
    /// <param name="row">The row.</param>
    /// <param name="id">The sample's id; "row {row} of {Source}" when null.</param>
    /// <returns>The sample.</returns>
    public PreviewSample ToPreviewSample(int row = 0, string? id = null)
    {
        CheckRow(row);
        var values = new Dictionary<string, SampleValue>(StringComparer.Ordinal);
        for (int c = 0; c < Schema.Columns.Count; c++)
        {
            var column = Schema.Columns[c];
            if (!column.IsNumeric)
            {
                continue;
            }

            var data = new float[column.Shape.ElementCount];
            Read(row, c, data);
            values[column.Name] = new SampleValue(data, column.ModelShape);
        }

        return new PreviewSample(id ?? $"row {row} of {Source}", values);
    }

    /// <summary>
    /// One row as a preview sample for a graph: checks first that every Input and Target of the graph has
    /// its column in the shape it declares, then delivers the row as training would (preprocessed when a
    /// fitted preprocessing is given).
    /// </summary>
    /// <param name="graph">The graph to preview.</param>
    /// <param name="row">The row.</param>
    /// <param name="preprocessing">Preprocessing fitted on the training split, or null for raw values.</param>
    /// <param name="id">The sample's id; "row {row} of {Source}" when null.</param>
    /// <returns>The sample.</returns>
    /// <exception cref="ColumnBindingException">A component does not fit its column; nothing is read.</exception>
    public PreviewSample ToPreviewSample(ModelGraph graph, int row = 0, Preprocessor? preprocessing = null, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        CheckRow(row);
        var delivered = preprocessing?.Columns ?? Preprocessor.Plan(Schema, null);
        ColumnBinding.Check(graph, delivered, Schema, Source);
        if (preprocessing is not null)
        {
            ColumnBinding.CheckDataset(graph, preprocessing.Columns, this);
        }

        var values = new Dictionary<string, SampleValue>(StringComparer.Ordinal);
        foreach (var state in delivered)
        {
            int index = Schema.IndexOf(state.Name);
            var raw = new float[Schema.Columns[index].Shape.ElementCount];
            Read(row, index, raw);
            var output = new float[state.OutputShape.ElementCount];
            Preprocessor.Apply(state, raw, output);
            values[state.Name] = new SampleValue(output, state.OutputShape);
        }

        return new PreviewSample(id ?? $"row {row} of {Source}", values);
    }

    /// <summary>
    /// Packs table columns into one feature vector column, the way a model wants a table: numeric columns as
    /// one value each, binary columns as 0/1, categorical columns one-hot (one value per category). The packed
    /// columns stay in the schema, marked <see cref="ColumnRole.Unused"/>; the new column is an input whose
    /// <see cref="DatasetColumn.FeatureNames"/> name every value. Normalize it with
    /// <see cref="NormalizationMode.Standardize"/>: vectors get one statistic per feature, from training rows only.
    /// </summary>
    /// <param name="name">The new column's name (a valid node id).</param>
    /// <param name="columns">The columns to pack, by name or label; null for every numeric, binary and categorical column that is not a target.</param>
    /// <returns>The dataset with the feature vector.</returns>
    /// <exception cref="DatasetException">A named column is missing, is not numeric, binary or categorical, or the name is taken.</exception>
    public Dataset ToFeatureVector(string name = "features", IReadOnlyList<string>? columns = null) =>
        FeatureVectorDataset.Create(this, name, columns);

    /// <summary>
    /// Reads a numeric column of whole numbers as classes (e.g. labels 0–9 in a CSV file): class names are the
    /// distinct values in numeric order, and each row reads as its class index.
    /// </summary>
    /// <param name="column">The column, by name or label.</param>
    /// <param name="maxClasses">The most distinct values accepted.</param>
    /// <returns>The dataset with that column categorical.</returns>
    /// <exception cref="DatasetException">The column is not numeric, holds fractions, or has more distinct values than <paramref name="maxClasses"/>.</exception>
    public Dataset AsCategorical(string column, int maxClasses = 1000) => CategoricalViewDataset.Create(this, column, maxClasses);

    /// <summary>A dataset held in memory: one array per column, rows back to back.</summary>
    /// <param name="columns">Each column with its values (Count × ElementCount floats; text columns are not supported here).</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="DatasetException">Columns have different row counts or a length is not a multiple of the shape.</exception>
    public static Dataset FromArrays(params (DatasetColumn Column, float[] Values)[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return new InMemoryDataset("memory", columns);
    }

    /// <summary>Throws when the row is out of range.</summary>
    /// <param name="row">The row.</param>
    protected void CheckRow(int row)
    {
        if ((uint)row >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"{Source} has {Count} rows.");
        }
    }
}
