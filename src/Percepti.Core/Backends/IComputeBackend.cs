using static TorchSharp.torch;

namespace Percepti.Core.Backends;

/// <summary>
/// Where tensors live and computation runs (CPU, a CUDA device, or a choice between them).
/// Preview, training, evaluation and prediction take one; third parties can implement it.
/// </summary>
public interface IComputeBackend
{
    /// <summary>A short name, e.g. <c>cpu</c> or <c>cuda:0</c>.</summary>
    string Name { get; }

    /// <summary>Whether the backend can be used here, and if not, why.</summary>
    BackendAvailability Availability { get; }

    /// <summary>The device tensors and modules are placed on.</summary>
    /// <exception cref="BackendUnavailableException">The backend cannot be used here.</exception>
    Device Device { get; }

    /// <summary>Prepares the backend before work starts (e.g. the CPU thread count).</summary>
    /// <exception cref="BackendUnavailableException">The backend cannot be used here; the message gives the reason.</exception>
    void Activate();
}
