using Percepti.Core.Graph;

namespace Percepti.Core.Data;

/// <summary>
/// Loads a folder with one sub-folder per class, each holding PNG, JPEG or BMP images. Only file
/// names are read up front; images are decoded when a row is read, so folders larger than memory work.
/// </summary>
public static class ImageFolderDataset
{
    /// <summary>Indexes an image folder.</summary>
    /// <param name="root">The folder whose sub-folders are the classes (sorted by name).</param>
    /// <param name="height">Images are resized to this height; the first image's when null.</param>
    /// <param name="width">Images are resized to this width; the first image's when null.</param>
    /// <param name="channels">1 (gray) or 3 (RGB).</param>
    /// <param name="progress">Receives progress in images found.</param>
    /// <returns>A dataset with columns <c>image</c> (C×H×W in [0, 1]) and <c>label</c>.</returns>
    /// <exception cref="DatasetException">The folder does not exist or holds no images.</exception>
    public static Dataset Load(string root, int? height = null, int? width = null, int channels = 3, IProgress<LoadProgress>? progress = null) =>
        Load(root, new ImageFolderOptions { Height = height, Width = width, Channels = channels }, progress);

    /// <summary>Loads in the background (see <see cref="Load(string, ImageFolderOptions, IProgress{LoadProgress}?)"/>).</summary>
    /// <param name="root">The folder with one subfolder per class.</param>
    /// <param name="options">Size, channels and column names; null for the defaults.</param>
    /// <param name="progress">Receives progress while reading.</param>
    /// <param name="cancellationToken">Stops the load at the reader's next progress report.</param>
    /// <returns>The dataset, read on the thread pool so a UI thread stays free.</returns>
    /// <exception cref="OperationCanceledException">The load was cancelled.</exception>
    public static Task<Dataset> LoadAsync(string root, ImageFolderOptions? options = null, IProgress<LoadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        return BackgroundLoad.Run(p => Load(root, options ?? new ImageFolderOptions(), p), progress, cancellationToken);
    }

    /// <summary>Indexes an image folder, with the columns named as the options say.</summary>
    /// <param name="root">The folder whose sub-folders are the classes; class names are the sub-folder names, sorted ordinally.</param>
    /// <param name="options">Column names, image size and channels.</param>
    /// <param name="progress">Receives progress in images found.</param>
    /// <returns>A dataset with the image column (C×H×W in [0, 1]) as input and the class column as target.</returns>
    /// <exception cref="DatasetException">The folder does not exist or holds no images, or a column name is not a valid node id.</exception>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    public static Dataset Load(string root, ImageFolderOptions options, IProgress<LoadProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(options);
        Options.OptionsValidator.Validate(options, nameof(options));
        int? height = options.Height, width = options.Width;
        int channels = options.Channels;
        if (channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(options), channels, "Images have 1 or 3 channels.");
        }

        foreach (string name in new[] { options.ImageColumn, options.LabelColumn })
        {
            if (NodeId.Check(name) is { } problem)
            {
                throw new DatasetException($"An image folder column cannot be named '{name}': {problem}.");
            }
        }

        if (options.ImageColumn == options.LabelColumn)
        {
            throw new DatasetException($"The image and label columns are both named '{options.ImageColumn}'.");
        }

        if (!Directory.Exists(root))
        {
            throw new DatasetException($"The image folder {root} does not exist.");
        }

        var classes = Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        var files = new List<(string Path, int Label)>();
        for (int label = 0; label < classes.Count; label++)
        {
            foreach (string file in Directory.EnumerateFiles(Path.Combine(root, classes[label]), "*", SearchOption.AllDirectories)
                .Where(ImageDecoder.IsImagePath)
                .Order(StringComparer.Ordinal))
            {
                files.Add((file, label));
                if (files.Count % 1000 == 0)
                {
                    progress?.Report(new LoadProgress(root, files.Count, null, "images"));
                }
            }
        }

        if (files.Count == 0)
        {
            throw new DatasetException($"The image folder {root} holds no .png, .jpg, .jpeg or .bmp files in class sub-folders ({(classes.Count == 0 ? "it has no sub-folders" : string.Join(", ", classes))}).");
        }

        progress?.Report(new LoadProgress(root, files.Count, files.Count, "images"));
        var size = height is null || width is null ? ImageDecoder.Size(files[0].Path) : (height.Value, width.Value);
        ImageDecoder.CheckTargetSize(root, height ?? size.Item1, width ?? size.Item2);
        var shape = TensorShape.Of(channels, height ?? size.Item1, width ?? size.Item2);
        var schema = new DatasetSchema(
        [
            new DatasetColumn(options.ImageColumn, ColumnKind.Tensor, shape, ColumnRole.Input) { IsImage = true },
            new DatasetColumn(options.LabelColumn, classes.Count == 2 ? ColumnKind.Binary : ColumnKind.Categorical, TensorShape.Scalar, ColumnRole.Target) { ClassNames = classes },
        ]);
        return new Folder(root, schema, files);
    }

    private sealed class Folder(string root, DatasetSchema schema, List<(string Path, int Label)> files) : Dataset
    {
        public override DatasetSchema Schema { get; } = schema;

        public override int Count => files.Count;

        public override string Source => root;

        public override void Read(int row, int column, Span<float> destination)
        {
            CheckRow(row);
            if (column == 1)
            {
                destination[0] = files[row].Label;
                return;
            }

            var shape = Schema.Columns[0].Shape;
            ImageDecoder.Decode(files[row].Path, shape[0], shape[1], shape[2], destination);
        }
    }
}
