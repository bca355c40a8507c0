namespace Percepti.Core.Backends;

/// <summary>Why the native runtime could not be loaded.</summary>
public enum NativeRuntimeProblem
{
    /// <summary>No known cause; see the inner exception.</summary>
    Unknown,

    /// <summary>The application references no libtorch runtime package (TorchSharp-cpu, TorchSharp-cuda-linux, TorchSharp-cuda-windows).</summary>
    NoRuntimePackage,

    /// <summary>The system libstdc++ is older than the native binaries need.</summary>
    LibStdCxxTooOld,
}
