using TorchSharp;

namespace Percepti.Core.Backends;

/// <summary>Asks the loaded libtorch about CUDA.</summary>
internal sealed class TorchCudaProbe : ICudaProbe
{
    private static readonly string[] CudaLibraries = ["libtorch_cuda.so", "torch_cuda.dll"];

    public static TorchCudaProbe Instance { get; } = new();

    public bool HasCudaRuntime =>
        Directory.Exists(AppContext.BaseDirectory)
        && CudaLibraries.Any(name => Directory.EnumerateFiles(AppContext.BaseDirectory, name, SearchOption.AllDirectories).Any());

    public bool IsCudaUsable
    {
        get
        {
            if (!HasCudaRuntime)
            {
                return false;
            }

            try
            {
                NativeRuntime.EnsureAvailable();
                torch.InitializeDeviceType(DeviceType.CUDA);
                return torch.cuda.is_available();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                return false;
            }
        }
    }

    public int DeviceCount => IsCudaUsable ? torch.cuda.device_count() : 0;
}
