namespace Percepti.Core.Data;

/// <summary>The Fashion-MNIST dataset in its standard file layout.</summary>
public static class FashionMnist
{
    /// <summary>Where <c>apt-get install dataset-fashion-mnist</c> puts the full dataset.</summary>
    public const string SystemDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The ten class names, by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Loads the training or test part from a directory holding the standard file names (raw or .gz).</summary>
    /// <param name="directory">The directory.</param>
    /// <param name="test">True for the test part (<c>t10k-*</c>), false for training (<c>train-*</c>).</param>
    /// <param name="progress">Receives progress while reading.</param>
    /// <returns>A dataset with columns <c>image</c> (1×28×28) and <c>label</c>.</returns>
    /// <exception cref="DatasetException">A file is missing or malformed.</exception>
    public static Dataset Load(string directory, bool test = false, IProgress<LoadProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string prefix = test ? "t10k" : "train";
        return IdxDataset.Load(Find(directory, $"{prefix}-images-idx3-ubyte"), Find(directory, $"{prefix}-labels-idx1-ubyte"), ClassNames, progress);
    }

    /// <summary>Loads a part of Fashion-MNIST in the background (see <see cref="Load"/>).</summary>
    /// <param name="directory">The folder with the four files.</param>
    /// <param name="test">True for the test part.</param>
    /// <param name="progress">Receives progress while reading.</param>
    /// <param name="cancellationToken">Stops the load at the reader's next progress report.</param>
    /// <returns>The dataset, read on the thread pool so a UI thread stays free.</returns>
    /// <exception cref="OperationCanceledException">The load was cancelled.</exception>
    public static Task<Dataset> LoadAsync(string directory, bool test = false, IProgress<LoadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return BackgroundLoad.Run(p => Load(directory, test, p), progress, cancellationToken);
    }

    private static string Find(string directory, string name)
    {
        foreach (string candidate in new[] { name + ".gz", name })
        {
            string path = Path.Combine(directory, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new DatasetException($"{directory} has no {name} or {name}.gz; install the full dataset with 'apt-get install dataset-fashion-mnist' ({SystemDirectory}) or use the bundled subset in data/fashion-mnist.");
    }
}
