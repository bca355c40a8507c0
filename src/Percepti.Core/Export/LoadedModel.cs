using Percepti.Core.Training;

namespace Percepti.Core.Export;

/// <summary>
/// What <see cref="ModelPackage.Load"/> read: the model and the metrics saved with it. The caller owns it:
/// disposing it disposes <see cref="Model"/> (and its native weights).
/// </summary>
public sealed class LoadedModel : IDisposable
{
    internal LoadedModel(TrainedModel model, IReadOnlyDictionary<string, double> metrics)
    {
        Model = model;
        Metrics = metrics;
    }

    /// <summary>The model, with its weights on the backend it was loaded for.</summary>
    public TrainedModel Model { get; }

    /// <summary>The metrics stored with the package (e.g. <c>test_accuracy</c>); empty when none were saved.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; }

    /// <summary>Splits it into its model and metrics; the caller then owns the model.</summary>
    /// <param name="model">The model.</param>
    /// <param name="metrics">The stored metrics.</param>
    public void Deconstruct(out TrainedModel model, out IReadOnlyDictionary<string, double> metrics)
    {
        model = Model;
        metrics = Metrics;
    }

    /// <inheritdoc />
    public void Dispose() => Model.Dispose();
}
