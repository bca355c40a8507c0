using Percepti.Core.Graph;

namespace Percepti.Core.Data;

/// <summary>Loads datasets stored as a pair of IDX files (images and labels), like MNIST and Fashion-MNIST.</summary>
public static class IdxDataset
{
    /// <summary>Loads images and labels.</summary>
    /// <param name="imagesPath">The images file (N×H×W or N×C×H×W; raw or .gz).</param>
    /// <param name="labelsPath">The labels file (N integers; raw or .gz).</param>
    /// <param name="classNames">Class names by index; "0", "1", … when null.</param>
    /// <param name="progress">Receives progress while reading.</param>
    /// <param name="imageColumn">The image column's name.</param>
    /// <param name="labelColumn">The label column's name.</param>
    /// <returns>A dataset with an image input column (values scaled to [0, 1] for byte images) and a categorical target column.</returns>
    /// <exception cref="DataFormatException">A file is malformed; the message names the file and the position.</exception>
    public static Dataset Load(string imagesPath, string labelsPath, IReadOnlyList<string>? classNames = null, IProgress<LoadProgress>? progress = null, string imageColumn = "image", string labelColumn = "label") =>
        Load(imagesPath, labelsPath, new IdxOptions { ClassNames = classNames, ImageColumn = imageColumn, LabelColumn = labelColumn }, progress);

    /// <summary>Loads in the background (see <see cref="Load(string, string, IdxOptions, IProgress{LoadProgress}?)"/>).</summary>
    /// <param name="imagesPath">The images file.</param>
    /// <param name="labelsPath">The labels file.</param>
    /// <param name="options">Class names and column names; null for the defaults.</param>
    /// <param name="progress">Receives progress while reading.</param>
    /// <param name="cancellationToken">Stops the load at the reader's next progress report.</param>
    /// <returns>The dataset, read on the thread pool so a UI thread stays free.</returns>
    /// <exception cref="OperationCanceledException">The load was cancelled.</exception>
    public static Task<Dataset> LoadAsync(string imagesPath, string labelsPath, IdxOptions? options = null, IProgress<LoadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(imagesPath);
        ArgumentNullException.ThrowIfNull(labelsPath);
        return BackgroundLoad.Run(p => Load(imagesPath, labelsPath, options ?? new IdxOptions(), p), progress, cancellationToken);
    }

    /// <summary>Loads images and labels, as the options say.</summary>
    /// <param name="imagesPath">The images file (N×H×W or N×C×H×W; raw or .gz).</param>
    /// <param name="labelsPath">The labels file (N integers; raw or .gz).</param>
    /// <param name="options">Class names and column names.</param>
    /// <param name="progress">Receives progress while reading.</param>
    /// <returns>A dataset with an image input column (values scaled to [0, 1] for byte images) and a categorical target column.</returns>
    /// <exception cref="DataFormatException">A file is malformed; the message names the file and the position.</exception>
    public static Dataset Load(string imagesPath, string labelsPath, IdxOptions options, IProgress<LoadProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(imagesPath);
        ArgumentNullException.ThrowIfNull(labelsPath);
        ArgumentNullException.ThrowIfNull(options);
        var (classNames, imageColumn, labelColumn) = (options.ClassNames, options.ImageColumn, options.LabelColumn);
        var images = IdxFile.Read(imagesPath, progress);
        var labels = IdxFile.Read(labelsPath, progress);
        if (images.Dimensions.Length is < 2 or > 4)
        {
            throw DataFormatException.At(imagesPath, "byte 3", $"images must be N×H×W, N×C×H×W or N×D; this file is {string.Join("×", images.Dimensions)}");
        }

        if (labels.Dimensions.Length != 1)
        {
            throw DataFormatException.At(labelsPath, "byte 3", $"labels must be one number per record (rank 1); this file is {string.Join("×", labels.Dimensions)}");
        }

        if (images.Records != labels.Records)
        {
            throw DataFormatException.At(labelsPath, "byte 4", $"the labels file holds {labels.Records} labels but {imagesPath} holds {images.Records} images");
        }

        if (images.Records == 0)
        {
            throw DataFormatException.At(imagesPath, "byte 4", "the file holds no records; a dataset needs at least one row");
        }

        var labelValues = new float[labels.Records];
        var one = new float[1];
        for (int i = 0; i < labels.Records; i++)
        {
            labels.CopyRecord(i, one, 1);
            labelValues[i] = one[0];
        }

        Exception Bad(int record, string problem) => DataFormatException.At(labelsPath, $"record {record}", problem);
        IReadOnlyList<string> names;
        if (classNames is not null)
        {
            ClassLabels.CheckIndices(labelValues, classNames.Count, Bad);
            names = classNames;
        }
        else
        {
            names = ClassLabels.ToClassIndices(labelValues, ClassLabels.MaxClasses, Bad);
        }

        bool image = images.Dimensions.Length >= 3;
        var shape = images.Dimensions.Length switch
        {
            2 => TensorShape.Of(images.Dimensions[1]),
            3 => TensorShape.Of(1, images.Dimensions[1], images.Dimensions[2]),
            _ => TensorShape.Of(images.Dimensions[1], images.Dimensions[2], images.Dimensions[3]),
        };

        // Byte images become [0, 1], like the pixel values of decoded image files.
        float scale = image && images.Type == 0x08 ? 1f / 255f : 1f;
        var imageDefinition = new DatasetColumn(imageColumn, ColumnKind.Tensor, shape, ColumnRole.Input) { IsImage = image };
        var labelDefinition = new DatasetColumn(labelColumn, names.Count == 2 ? ColumnKind.Binary : ColumnKind.Categorical, TensorShape.Scalar, ColumnRole.Target) { ClassNames = names };
        return new IdxPairDataset(images, scale, labelValues, new DatasetSchema([imageDefinition, labelDefinition]));
    }

    private sealed class IdxPairDataset(IdxFile images, float scale, float[] labels, DatasetSchema schema) : Dataset
    {
        public override DatasetSchema Schema { get; } = schema;

        public override int Count => labels.Length;

        public override string Source => images.Path;

        public override void Read(int row, int column, Span<float> destination)
        {
            CheckRow(row);
            if (column == 0)
            {
                images.CopyRecord(row, destination, scale);
            }
            else
            {
                destination[0] = labels[row];
            }
        }
    }
}
