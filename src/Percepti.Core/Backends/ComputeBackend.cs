namespace Percepti.Core.Backends;

/// <summary>The built-in backends.</summary>
public static class ComputeBackend
{
    /// <summary>The CPU with libtorch's default thread count. Previews use it by default, so they never compete with GPU training.</summary>
    public static IComputeBackend Cpu { get; } = new CpuBackend(null);

    /// <summary>CUDA when a usable device is there (device 0), otherwise the CPU.</summary>
    public static IComputeBackend Auto => Choose(TorchCudaProbe.Instance);

    /// <summary>The CPU with a given number of intra-op threads.</summary>
    /// <param name="threads">Threads for one operation, at least 1.</param>
    /// <returns>The backend.</returns>
    public static IComputeBackend CpuWithThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        return new CpuBackend(threads);
    }

    /// <summary>A CUDA device. Check <see cref="IComputeBackend.Availability"/>: using it where it is unavailable throws <see cref="BackendUnavailableException"/> with the reason.</summary>
    /// <param name="deviceIndex">The device, from 0.</param>
    /// <returns>The backend.</returns>
    public static IComputeBackend Cuda(int deviceIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deviceIndex);
        return new CudaBackend(deviceIndex, TorchCudaProbe.Instance);
    }

    internal static IComputeBackend Choose(ICudaProbe probe)
    {
        var cuda = new CudaBackend(0, probe);
        return cuda.Availability.IsAvailable ? cuda : Cpu;
    }

    internal static IComputeBackend CudaWith(int deviceIndex, ICudaProbe probe) => new CudaBackend(deviceIndex, probe);
}
