using System.Globalization;
using static TorchSharp.torch;

namespace Percepti.Core.Backends;

/// <summary>The CPU, with an optional intra-op thread count.</summary>
internal sealed class CpuBackend(int? threads) : IComputeBackend
{
    public string Name => threads is { } count ? string.Create(CultureInfo.InvariantCulture, $"cpu({count} threads)") : "cpu";

    public BackendAvailability Availability => NativeRuntime.IsAvailable
        ? new BackendAvailability(true, "libtorch CPU")
        : new BackendAvailability(false, "the libtorch native runtime cannot be loaded; see NativeRuntime.EnsureAvailable()");

    public Device Device => CPU;

    public void Activate()
    {
        NativeRuntime.EnsureAvailable();
        if (threads is { } count)
        {
            set_num_threads(count);
        }
    }
}
