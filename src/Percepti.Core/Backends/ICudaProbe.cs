namespace Percepti.Core.Backends;

/// <summary>What the process can see of CUDA; replaced in tests to check the selection logic without a GPU.</summary>
internal interface ICudaProbe
{
    /// <summary>Whether a CUDA build of libtorch is next to the application (a TorchSharp-cuda-* package is referenced).</summary>
    bool HasCudaRuntime { get; }

    /// <summary>Whether libtorch can use CUDA (driver and at least one device).</summary>
    bool IsCudaUsable { get; }

    /// <summary>How many CUDA devices libtorch sees.</summary>
    int DeviceCount { get; }
}
