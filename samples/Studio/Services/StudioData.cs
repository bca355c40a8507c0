using Percepti.Core.Data;

namespace Percepti.Studio.Services;

/// <summary>
/// The bundled Fashion-MNIST subset, loaded once for every session (datasets are read-only, so sessions share them).
/// <c>Studio:Data</c> in the configuration points at another folder with the same four IDX files.
/// </summary>
public sealed class StudioData
{
    /// <summary>Loads the training and test parts.</summary>
    /// <param name="configuration">The app's configuration.</param>
    public StudioData(IConfiguration configuration)
    {
        Directory = configuration["Studio:Data"] ?? Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist");
        Training = FashionMnist.Load(Directory);
        Test = FashionMnist.Load(Directory, test: true);
    }

    /// <summary>Where the data was read from.</summary>
    public string Directory { get; }

    /// <summary>The training part (split into training and validation by each session).</summary>
    public Dataset Training { get; }

    /// <summary>The held-out test part.</summary>
    public Dataset Test { get; }
}
