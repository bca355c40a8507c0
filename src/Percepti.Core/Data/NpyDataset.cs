using Percepti.Core.Graph;

namespace Percepti.Core.Data;

/// <summary>Loads datasets stored as NumPy <c>.npy</c> arrays: one array of inputs, optionally one of targets.</summary>
public static class NpyDataset
{
    /// <summary>Loads inputs (N×…) and optional targets (N, or N×…).</summary>
    /// <param name="inputsPath">The inputs array; row shape C×H×W is treated as an image when <paramref name="images"/> is set.</param>
    /// <param name="targetsPath">The targets array: integers become classes, floats regression values; null for none.</param>
    /// <param name="inputColumn">The input column's name.</param>
    /// <param name="targetColumn">The target column's name.</param>
    /// <param name="images">Whether C×H×W inputs are images.</param>
    /// <param name="progress">Receives progress.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="DataFormatException">A file is malformed or the row counts differ.</exception>
    public static Dataset Load(string inputsPath, string? targetsPath = null, string inputColumn = "x", string targetColumn = "y", bool images = false, IProgress<LoadProgress>? progress = null) =>
        Load(inputsPath, targetsPath, new NpyOptions { InputColumn = inputColumn, TargetColumn = targetColumn, Images = images }, progress);

    /// <summary>Loads in the background (see <see cref="Load(string, string?, NpyOptions, IProgress{LoadProgress}?)"/>).</summary>
    /// <param name="inputsPath">The inputs array (.npy).</param>
    /// <param name="targetsPath">The targets array, or null.</param>
    /// <param name="options">Column names and whether inputs are images; null for the defaults.</param>
    /// <param name="progress">Receives progress while reading.</param>
    /// <param name="cancellationToken">Stops the load at the reader's next progress report.</param>
    /// <returns>The dataset, read on the thread pool so a UI thread stays free.</returns>
    /// <exception cref="OperationCanceledException">The load was cancelled.</exception>
    public static Task<Dataset> LoadAsync(string inputsPath, string? targetsPath, NpyOptions? options = null, IProgress<LoadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputsPath);
        return BackgroundLoad.Run(p => Load(inputsPath, targetsPath, options ?? new NpyOptions(), p), progress, cancellationToken);
    }

    /// <summary>Loads inputs (N×…) and optional targets (N, or N×…), as the options say.</summary>
    /// <param name="inputsPath">The inputs array.</param>
    /// <param name="targetsPath">The targets array: integers become classes, floats regression values; null for none.</param>
    /// <param name="options">Column names and whether inputs are images.</param>
    /// <param name="progress">Receives progress.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="DataFormatException">A file is malformed or the row counts differ.</exception>
    public static Dataset Load(string inputsPath, string? targetsPath, NpyOptions options, IProgress<LoadProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(inputsPath);
        ArgumentNullException.ThrowIfNull(options);
        var (inputColumn, targetColumn, images) = (options.InputColumn, options.TargetColumn, options.Images);
        var inputs = NpyFile.Read(inputsPath, progress);
        if (inputs.Shape.Length == 0 || inputs.Shape[0] == 0)
        {
            throw DataFormatException.At(inputsPath, "header", "the array has no rows; a dataset needs at least one");
        }

        var inputShape = TensorShape.Of(inputs.Shape.Skip(1));
        var columns = new List<(DatasetColumn, float[])>
        {
            (new DatasetColumn(inputColumn, inputShape.Rank == 0 ? ColumnKind.Numeric : ColumnKind.Tensor, inputShape, ColumnRole.Input) { IsImage = images && inputShape.Rank == 3 }, inputs.Values),
        };

        if (targetsPath is not null)
        {
            var targets = NpyFile.Read(targetsPath, progress);
            if (targets.Shape.Length == 0 || targets.Shape[0] != inputs.Shape[0])
            {
                throw DataFormatException.At(targetsPath, "header", $"the targets have {(targets.Shape.Length == 0 ? 0 : targets.Shape[0])} rows but {inputsPath} has {inputs.Shape[0]}");
            }

            var targetShape = TensorShape.Of(targets.Shape.Skip(1));
            if (targets.IsInteger && targetShape.Rank == 0)
            {
                // Integer targets are classes: the distinct values present, in numeric order.
                var names = ClassLabels.ToClassIndices(targets.Values, ClassLabels.MaxClasses, (record, problem) => DataFormatException.At(targetsPath, $"record {record}", problem));
                columns.Add((new DatasetColumn(targetColumn, names.Count == 2 ? ColumnKind.Binary : ColumnKind.Categorical, TensorShape.Scalar, ColumnRole.Target) { ClassNames = names }, targets.Values));
            }
            else
            {
                columns.Add((new DatasetColumn(targetColumn, targetShape.Rank == 0 ? ColumnKind.Numeric : ColumnKind.Tensor, targetShape, ColumnRole.Target), targets.Values));
            }
        }

        return new InMemoryDataset(inputsPath, columns);
    }
}
