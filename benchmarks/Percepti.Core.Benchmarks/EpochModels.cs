using Percepti.Core.Components;
using Percepti.Core.Data;
using Percepti.Core.Graph;
using static TorchSharp.torch;

namespace Percepti.Core.Benchmarks;

/// <summary>
/// What the epoch benchmarks share: the two models (the seed CNN, and one Dense layer on flattened pixels whose step
/// costs almost nothing) as graphs and as the same networks written as plain TorchSharp, the preprocessed rows
/// preloaded as one tensor per column, and the median of timings.
/// </summary>
internal static class EpochModels
{
    public const string SeedCnn = "seed CNN";
    public const string DenseOnPixels = "Dense on pixels";

    public static ModelGraph Graph(string model) => model == SeedCnn
        ? Tests.SeedGraphs.FashionCnn()
        : ModelGraph.Create("dense", g => g.Classification(g.Input("image", TensorShape.Of(1, 28, 28)).Flatten().Dense(10), g.Target("label", classes: 10)));

    /// <summary>The same network as <see cref="Graph"/>, as a raw TorchSharp Sequential.</summary>
    public static nn.Module<Tensor, Tensor> Network(string model) => model == SeedCnn
        ? nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(64, 64, 3), nn.ReLU(), nn.Flatten(),
            nn.Linear(576, 64), nn.ReLU(), nn.Linear(64, 10))
        : nn.Sequential(nn.Flatten(), nn.Linear(784, 10));

    /// <summary>One column of every row, preprocessed, as one CPU tensor (batch first).</summary>
    public static Tensor Preloaded(Dataset dataset, Preprocessor preprocessor, string column)
    {
        var loader = new DataLoader(dataset, preprocessor, new DataLoaderOptions { BatchSize = 4096, Shuffle = false });
        using var scope = NewDisposeScope();
        var parts = loader.ReadEpoch(0).Select(b => b.ToTensors(CPU)[column]).ToList();
        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    public static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
