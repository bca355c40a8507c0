using System.Globalization;
using static TorchSharp.torch;

namespace Percepti.Core.Backends;

/// <summary>One CUDA device.</summary>
internal sealed class CudaBackend(int index, ICudaProbe probe) : IComputeBackend
{
    public string Name => string.Create(CultureInfo.InvariantCulture, $"cuda:{index}");

    public BackendAvailability Availability
    {
        get
        {
            if (!probe.HasCudaRuntime)
            {
                return new BackendAvailability(false, "no CUDA runtime package is referenced: add TorchSharp-cuda-linux or TorchSharp-cuda-windows (or Percepti.Core.Cuda.Linux / .Windows) to the application");
            }

            if (!probe.IsCudaUsable)
            {
                return new BackendAvailability(false, "libtorch sees no usable CUDA device: check that a GPU is present and that its driver matches the CUDA runtime");
            }

            int count = probe.DeviceCount;
            return index < count
                ? new BackendAvailability(true, $"CUDA device {index} of {count}")
                : new BackendAvailability(false, string.Create(CultureInfo.InvariantCulture, $"CUDA device {index} does not exist; {count} device(s) are visible (0 to {count - 1})"));
        }
    }

    public Device Device
    {
        get
        {
            Activate();
            return new Device(TorchSharp.DeviceType.CUDA, index);
        }
    }

    public void Activate()
    {
        var availability = Availability;
        if (!availability.IsAvailable)
        {
            throw new BackendUnavailableException($"The {Name} backend cannot be used: {availability.Reason}.");
        }
    }
}
