using System.Globalization;
using Percepti.Core.Components;
using Percepti.Core.Data;
using Percepti.Core.Graph;

namespace Percepti.Core.Training;

/// <summary>
/// Builds a model from the data, as a visual tool does when data is loaded: images get a small CNN sized by
/// the image and the class count, feature vectors an MLP sized by the feature count; the target's kind
/// decides classification or regression; the preprocessing to fit comes with the training options.
/// </summary>
public static class ModelRecommender
{
    /// <summary>
    /// A numeric target of whole numbers with at most this many distinct values is read as classes by
    /// <see cref="PrepareTable"/> (labels 0–9); any other numeric target is a regression target.
    /// </summary>
    public const int MaxInferredClasses = 20;

    private const int MaxBranches = 16;

    /// <summary>
    /// Makes a loaded table ready to model: <paramref name="target"/> becomes the only target (other columns
    /// become inputs, text stays unused), a numeric target of whole numbers with at most
    /// <see cref="MaxInferredClasses"/> distinct values becomes categorical (unless <paramref name="classify"/>
    /// says otherwise), and every numeric, binary and categorical input is packed into one feature vector
    /// named <c>features</c> (see <see cref="Dataset.ToFeatureVector"/>). Image columns stay inputs of their own.
    /// </summary>
    /// <param name="table">The table, e.g. from <see cref="CsvDataset.Load"/>.</param>
    /// <param name="target">The column to predict, by name or label.</param>
    /// <param name="classify">True to require classes, false to force regression, null to decide by the rule above.</param>
    /// <returns>The prepared dataset.</returns>
    /// <exception cref="DatasetException">The target is missing, or cannot be classified when <paramref name="classify"/> is true.</exception>
    public static Dataset PrepareTable(Dataset table, string target, bool? classify = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(target);
        var column = table.Schema[target];
        var data = table;
        foreach (var other in table.Schema.Columns.Where(c => c.Name != column.Name && c.Role == ColumnRole.Target))
        {
            data = data.WithRole(other.Name, ColumnRole.Input);
        }

        data = data.WithRole(column.Name, ColumnRole.Target);
        if (column.Kind == ColumnKind.Numeric && classify != false)
        {
            if (classify == true)
            {
                data = data.AsCategorical(column.Name);
            }
            else if (AsSmallClassColumn(data, column.Name) is { } classes)
            {
                data = classes;
            }
        }
        else if (classify == true && column.Kind is not (ColumnKind.Categorical or ColumnKind.Binary))
        {
            throw new DatasetException($"Column '{column.Label}' is {column.Kind}; it cannot be read as classes.");
        }
        else if (classify == false && column.Kind is ColumnKind.Categorical or ColumnKind.Binary)
        {
            throw new DatasetException($"Column '{column.Label}' holds classes ({string.Join(", ", column.ClassNames.Take(8))}); it cannot be a regression target.");
        }

        bool packable = data.Schema.Inputs.Any(c => c.Shape.Rank == 0 && c.Kind is ColumnKind.Numeric or ColumnKind.Binary or ColumnKind.Categorical);
        return packable ? data.ToFeatureVector(FreeName(data.Schema, "features")) : data;
    }

    /// <summary>Recommends a model for a split: its input and target columns decide the graph and the options.</summary>
    /// <param name="split">The split to train on (its training schema is read; no rows are).</param>
    /// <returns>The graph, training options with preprocessing, the task and the reasons.</returns>
    /// <exception cref="DatasetException">The split has no target, several targets, no inputs, or columns no built-in component can take.</exception>
    public static ModelRecommendation Recommend(DatasetSplit split)
    {
        ArgumentNullException.ThrowIfNull(split);
        var schema = split.Training.Schema;
        var targets = schema.Targets.ToList();
        if (targets.Count != 1)
        {
            throw new DatasetException(targets.Count == 0
                ? $"{split.Training.Source} has no target column; mark one with dataset.WithRole(name, ColumnRole.Target)."
                : $"{split.Training.Source} has {targets.Count} target columns ({string.Join(", ", targets.Select(t => t.Name))}); a recommendation is for one.");
        }

        var inputs = schema.Inputs.Where(c => c.IsNumeric).ToList();
        if (inputs.Count == 0)
        {
            throw new DatasetException($"{split.Training.Source} has no input column the model can read.");
        }

        if (inputs.Count > MaxBranches)
        {
            throw new DatasetException($"{split.Training.Source} has {inputs.Count} input columns; pack the table columns into one feature vector first (dataset.ToFeatureVector(), or ModelRecommender.PrepareTable).");
        }

        var target = targets[0];
        var reasons = new List<string>();
        var preprocessing = new Dictionary<string, ColumnPreprocessing>(StringComparer.Ordinal);
        var task = TaskOf(target);
        bool images = inputs.Any(c => c.IsImage);
        long trainingRows = split.Training.Count;
        var graph = ModelGraph.Create(GraphName(split.Training.Source), g =>
        {
            var branches = inputs.Select(c => Branch(g, c, preprocessing, reasons)).ToList();
            var joined = branches.Count == 1 ? branches[0].Output : g.Concat([.. branches.Select(b => b.Output)], axis: 0, name: "joined");
            long width = branches.Sum(b => b.Width);
            int outputs = task == ModelTask.Classification ? target.ClassNames.Count : (int)target.ModelShape.ElementCount;
            NodeOutput output;
            if (images)
            {
                output = joined.Dense(64, Activation.ReLU, name: "hidden").Dense(outputs, name: "output");
                reasons.Add("Then one hidden layer of 64 units (ReLU).");
            }
            else
            {
                // Wide and deep: a linear path learns the linear part of the relation exactly (what a linear or
                // logistic regression would find), the MLP beside it learns what is not linear.
                // About two units per feature, but no more than one per 16 training rows: a small table
                // overfits a large MLP long before the linear path has converged.
                int units = (int)Math.Clamp(Math.Min(NextPowerOfTwo(2 * width), NextPowerOfTwo(trainingRows / 16)), 32, 256);
                var deep = joined.Dense(units, Activation.ReLU, name: "hidden_1").Dense(units / 2, Activation.ReLU, name: "hidden_2").Dense(outputs, name: "deep");
                var linear = joined.Dense(outputs, name: "linear");
                output = linear.Add(deep, name: "output");
                reasons.Add($"Wide and deep for {width} features: a linear layer plus an MLP with hidden layers of {units} and {units / 2} units (ReLU), added.");
            }

            if (task == ModelTask.Classification)
            {
                int classes = target.ClassNames.Count;
                g.Classification(output, g.Target(target.Name, classes), name: "loss");
                reasons.Add($"Target '{target.Label}' has {classes} classes ({Sample(target.ClassNames)}): classification with cross-entropy.");
            }
            else
            {
                g.Regression(output, g.Target(target.Name, target.ModelShape), name: "loss");
                preprocessing[target.Name] = new ColumnPreprocessing { Normalization = NormalizationMode.Standardize };
                reasons.Add($"Target '{target.Label}' is numeric: regression with mean squared error on standardized values (reports and predictions are in its own units).");
            }
        });

        graph = Relabel(graph, schema);
        int rows = Math.Max(split.Training.Count, 1);
        int batch = images ? 64 : rows < 2_000 ? 32 : 64;
        int batchesPerEpoch = (rows + batch - 1) / batch;
        int epochs = images ? 10 : Math.Clamp((int)Math.Ceiling(3_000.0 / batchesPerEpoch), 20, 200);
        bool validate = split.Validation.Count > 0;
        var options = new TrainingOptions
        {
            Epochs = epochs,
            BatchSize = batch,
            Optimizer = OptimizerKind.Adam,
            LearningRate = images ? 2e-3 : 1e-3,
            Schedule = LearningRateSchedule.Cosine,
            Seed = 42,
            EarlyStoppingMetric = validate ? "val_loss" : null,
            EarlyStoppingPatience = images ? 3 : Math.Max(10, epochs / 5),
            RestoreBestWeights = true,
            Preprocessing = preprocessing,
        };
        reasons.Add(string.Create(CultureInfo.InvariantCulture, $"Adam at {options.LearningRate} with a cosine schedule, batch {batch}, up to {epochs} epochs{(validate ? $", stopping early when val_loss has not improved for {options.EarlyStoppingPatience} epochs (best weights kept)" : string.Empty)}."));
        return new ModelRecommendation(graph, options, task, reasons);
    }

    private static (NodeOutput Output, long Width) Branch(GraphBuilder g, DatasetColumn column, Dictionary<string, ColumnPreprocessing> preprocessing, List<string> reasons)
    {
        if (column.IsImage && column.Shape.Rank == 3)
        {
            preprocessing[column.Name] = new ColumnPreprocessing { Normalization = NormalizationMode.Standardize };
            var x = g.Input(column.Name, column.Shape);
            int height = column.Shape[1], width = column.Shape[2];
            int filters = 16, blocks = 0, channels = column.Shape[0];
            while (blocks < 3 && Math.Min(height, width) >= 8)
            {
                blocks++;
                x = x.Conv2D(filters, 3, Activation.ReLU, padding: Components.Kinds.ConvolutionPadding.Same, name: $"{column.Name}_conv{blocks}").MaxPool2D(2, name: $"{column.Name}_pool{blocks}");
                (height, width, channels, filters) = (height / 2, width / 2, filters, filters * 2);
            }

            reasons.Add($"Image '{column.Label}' {column.Shape}, standardized per channel: {blocks} convolution blocks (3×3, ReLU, 2×2 max pooling) down to {height}×{width}, then flattened.");
            return (x.Flatten(name: $"{column.Name}_flat"), (long)channels * height * width);
        }

        if (column.Kind is ColumnKind.Categorical or ColumnKind.Binary && column.Shape.Rank == 0)
        {
            preprocessing[column.Name] = new ColumnPreprocessing { OneHot = true };
            reasons.Add($"Input '{column.Label}' has {column.ClassNames.Count} classes: one-hot encoded.");
            return (g.Input(column.Name, TensorShape.Of(column.ClassNames.Count)), column.ClassNames.Count);
        }

        var shape = column.ModelShape;
        preprocessing[column.Name] = new ColumnPreprocessing { Normalization = NormalizationMode.Standardize };
        var input = g.Input(column.Name, shape);
        reasons.Add(column.Features.Count > 0
            ? $"Input '{column.Label}': {shape[0]} features ({Sample(column.FeatureNames)}), standardized per feature on training rows."
            : $"Input '{column.Label}' {shape}, standardized{(shape.Rank == 1 ? " per feature" : string.Empty)} on training rows.");
        return (shape.Rank == 1 ? input : input.Flatten(name: $"{column.Name}_flat"), shape.ElementCount);
    }

    private static double NextPowerOfTwo(long value) => Math.Pow(2, Math.Ceiling(Math.Log2(Math.Max(value, 1))));

    private static ModelTask TaskOf(DatasetColumn target) => target.Kind switch
    {
        ColumnKind.Categorical or ColumnKind.Binary => ModelTask.Classification,
        ColumnKind.Numeric => ModelTask.Regression,
        ColumnKind.Tensor when target.Shape.Rank == 1 && !target.IsImage => ModelTask.Regression,
        _ => throw new DatasetException($"Target '{target.Label}' is {target.Kind} of shape {target.Shape}; a recommendation needs a class column or numeric values (a vector at most)."),
    };

    /// <summary>Inputs and targets keep the names the user knows their columns by.</summary>
    private static ModelGraph Relabel(ModelGraph graph, DatasetSchema schema)
    {
        foreach (var column in schema.Columns.Where(c => c.Label != c.Name && graph.Contains(c.Name)))
        {
            graph = graph.Rename(column.Name, column.Label);
        }

        return graph;
    }

    /// <summary>The column read as classes when it holds 2 to <see cref="MaxInferredClasses"/> whole numbers; otherwise null (the column is read once either way).</summary>
    private static Dataset? AsSmallClassColumn(Dataset data, string column)
    {
        try
        {
            var view = data.AsCategorical(column, MaxInferredClasses);
            return view.Schema[column].ClassNames.Count >= 2 ? view : null;
        }
        catch (DatasetException)
        {
            return null;
        }
    }

    private static string FreeName(DatasetSchema schema, string name)
    {
        string candidate = name;
        for (int n = 2; schema.Contains(candidate); n++)
        {
            candidate = $"{name}_{n}";
        }

        return candidate;
    }

    private static string GraphName(string source)
    {
        string stem = Path.GetFileNameWithoutExtension(source);
        return string.IsNullOrWhiteSpace(stem) || stem.Contains(' ', StringComparison.Ordinal) ? "recommended" : $"{stem}-model";
    }

    private static string Sample(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(6)) + (names.Count > 6 ? $", … ({names.Count} in all)" : string.Empty);
}
