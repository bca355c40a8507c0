namespace Percepti.Core.Data;

/// <summary>
/// Training, validation and test parts of a dataset: disjoint rows, chosen by a seeded shuffle so
/// the same seed always gives the same split.
/// </summary>
public sealed class DatasetSplit
{
    /// <summary>The most distinct values a numeric column may have to be stratified by value.</summary>
    public const int MaxStratifyClasses = 100;

    private DatasetSplit(Dataset training, Dataset validation, Dataset? test, IReadOnlyList<int>? trainingRows = null, IReadOnlyList<int>? validationRows = null, IReadOnlyList<int>? testRows = null)
    {
        Training = training;
        Validation = validation;
        Test = test;
        TrainingRows = trainingRows;
        ValidationRows = validationRows;
        TestRows = testRows;
    }

    /// <summary>The rows to train on.</summary>
    public Dataset Training { get; }

    /// <summary>The rows to validate on after each epoch (may be empty).</summary>
    public Dataset Validation { get; }

    /// <summary>The held-out rows to test on, or null when none were set aside.</summary>
    public Dataset? Test { get; }

    /// <summary>
    /// The rows of the split dataset that form the training part, in the part's order (to reproduce the split
    /// elsewhere or compare with other tools); null when the part was given as a dataset of its own.
    /// </summary>
    public IReadOnlyList<int>? TrainingRows { get; }

    /// <summary>The rows of the split dataset that form the validation part; null when given as a dataset of its own.</summary>
    public IReadOnlyList<int>? ValidationRows { get; }

    /// <summary>The rows of the split dataset that form the test part; null when there is none or it was given as a dataset of its own.</summary>
    public IReadOnlyList<int>? TestRows { get; }

    /// <summary>A split from parts you already have (e.g. files split by someone else).</summary>
    /// <param name="training">The rows to train on.</param>
    /// <param name="validation">The rows to validate on after each epoch (may be empty).</param>
    /// <param name="test">The held-out rows, or null.</param>
    /// <returns>The split.</returns>
    /// <exception cref="DatasetException">The training part is empty, or a part's input and target columns differ from the training part's.</exception>
    public static DatasetSplit From(Dataset training, Dataset validation, Dataset? test = null)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(validation);
        if (training.Count == 0)
        {
            throw new DatasetException($"The training part {training.Source} has no rows.");
        }

        CheckColumns(training, validation, "validation");
        if (test is not null)
        {
            CheckColumns(training, test, "test");
        }

        return new DatasetSplit(training, validation, test);
    }

    /// <summary>Uses a separate dataset (e.g. the dataset's own test file) as the test part.</summary>
    /// <param name="test">The test rows; their columns must match the training columns.</param>
    /// <returns>The split with that test part.</returns>
    /// <exception cref="DatasetException">The columns differ.</exception>
    public DatasetSplit WithTest(Dataset test)
    {
        ArgumentNullException.ThrowIfNull(test);
        CheckColumns(Training, test, "test");
        return new DatasetSplit(Training, Validation, test, TrainingRows, ValidationRows);
    }

    private static void CheckColumns(Dataset training, Dataset part, string name)
    {
        foreach (var column in training.Schema.Columns.Where(c => c.Role != ColumnRole.Unused))
        {
            if (!part.Schema.Contains(column.Name) || part.Schema[column.Name].Shape != column.Shape)
            {
                throw new DatasetException($"The {name} set {part.Source} has no column '{column.Name}' of shape {column.Shape} like the training set.");
            }
        }
    }

    internal static DatasetSplit ByFractions(Dataset dataset, double train, double validation, double test, int seed, string? stratifyBy)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        foreach (var (name, value) in new[] { ("train", train), ("validation", validation), ("test", test) })
        {
            if (!double.IsFinite(value) || value < 0 || value > 1)
            {
                throw new DatasetException($"The {name} fraction must be between 0 and 1, not {value}.");
            }
        }

        if (train + validation + test > 1 + 1e-9)
        {
            throw new DatasetException($"The fractions add up to {train + validation + test}; they must add up to at most 1.");
        }

        return Build(dataset, [train, validation, test], seed, stratifyBy);
    }

    internal static DatasetSplit ByCounts(Dataset dataset, int train, int validation, int test, int seed, string? stratifyBy)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (train < 0 || validation < 0 || test < 0 || (long)train + validation + test > dataset.Count)
        {
            throw new DatasetException($"Cannot split {dataset.Count} rows of {dataset.Source} into {train} + {validation} + {test}.");
        }

        double total = dataset.Count;
        return Build(dataset, [train / total, validation / total, test / total], seed, stratifyBy, [train, validation, test]);
    }

    private static DatasetSplit Build(Dataset dataset, double[] fractions, int seed, string? stratifyBy, int[]? exact = null)
    {
        if (dataset.Count == 0)
        {
            throw new DatasetException($"{dataset.Source} is empty; there is nothing to split.");
        }

        var random = new Random(seed);
        var parts = new List<int>[] { [], [], [] };
        if (stratifyBy is null)
        {
            int[] rows = Shuffled(Enumerable.Range(0, dataset.Count), random);
            int[] counts = exact ?? Apportion(fractions, dataset.Count);
            int start = 0;
            for (int p = 0; p < 3; p++)
            {
                parts[p].AddRange(rows.Skip(start).Take(counts[p]));
                start += counts[p];
            }
        }
        else
        {
            var column = dataset.Schema[stratifyBy];
            if (column.Kind is not (ColumnKind.Categorical or ColumnKind.Binary or ColumnKind.Numeric))
            {
                throw new DatasetException($"Cannot stratify by '{stratifyBy}': it is {column.Kind}, not categorical.");
            }

            // A numeric column of whole numbers with few distinct values (labels 0–9 in a CSV file) is
            // stratified by value; anything else is refused by AsCategorical with the reason.
            var classes = column.Kind == ColumnKind.Numeric ? dataset.AsCategorical(stratifyBy, MaxStratifyClasses) : dataset;
            var byClass = Enumerable.Range(0, dataset.Count).GroupBy(r => classes.ReadClass(r, column.Name)).OrderBy(g => g.Key);
            foreach (var group in byClass)
            {
                int[] rows = Shuffled(group, random);
                int[] counts = Apportion(fractions, rows.Length);
                int start = 0;
                for (int p = 0; p < 3; p++)
                {
                    parts[p].AddRange(rows.Skip(start).Take(counts[p]));
                    start += counts[p];
                }
            }

            for (int p = 0; p < 3; p++)
            {
                parts[p] = [.. Shuffled(parts[p], random)];
            }
        }

        string[] names = ["training", "validation", "test"];
        for (int p = 0; p < 3; p++)
        {
            if (fractions[p] > 0 && parts[p].Count == 0)
            {
                throw new DatasetException($"Splitting {dataset.Count} rows of {dataset.Source} leaves the {names[p]} part empty; give it a larger share.");
            }
        }

        if (parts[0].Count == 0)
        {
            throw new DatasetException($"Splitting {dataset.Source} leaves no training rows.");
        }

        return new DatasetSplit(dataset.Subset(parts[0]), dataset.Subset(parts[1]), fractions[2] > 0 ? dataset.Subset(parts[2]) : null, parts[0].ToArray(), parts[1].ToArray(), fractions[2] > 0 ? parts[2].ToArray() : null);
    }

    /// <summary>
    /// Shares <paramref name="rows"/> among the parts by their fractions (largest remainder): the parts together
    /// take the nearest whole number to the fractions' sum times the rows, so fractions that add up to 1 use every
    /// row, and no part is off by more than one row from its exact share. Ties go to the earlier part.
    /// </summary>
    internal static int[] Apportion(IReadOnlyList<double> fractions, int rows)
    {
        var exact = fractions.Select(f => f * rows).ToArray();
        int[] counts = [.. exact.Select(e => (int)Math.Floor(e))];
        int total = Math.Min(rows, (int)Math.Round(fractions.Sum() * rows, MidpointRounding.AwayFromZero));
        foreach (int part in Enumerable.Range(0, counts.Length).OrderByDescending(p => exact[p] - counts[p]).ThenBy(p => p).Take(Math.Max(0, total - counts.Sum())))
        {
            counts[part]++;
        }

        return counts;
    }

    private static int[] Shuffled(IEnumerable<int> rows, Random random)
    {
        int[] array = [.. rows];
        for (int i = array.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (array[i], array[j]) = (array[j], array[i]);
        }

        return array;
    }
}
