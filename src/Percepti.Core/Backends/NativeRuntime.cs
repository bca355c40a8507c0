using System.Runtime.InteropServices;
using Percepti.Core.Backends.Native;
using TorchSharp;

namespace Percepti.Core.Backends;

/// <summary>
/// Loads TorchSharp's native runtime once, and when it cannot load, explains why in one
/// <see cref="NativeRuntimeException"/> instead of TorchSharp's raw load trace.
/// </summary>
public static class NativeRuntime
{
    private static readonly Lazy<Exception?> LoadFailure = new(TryLoad, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The TorchSharp version this library runs on, read from the TorchSharp assembly itself (its informational
    /// version, without build metadata), so messages that ask for a matching runtime package never go stale.
    /// </summary>
    internal static string TorchSharpVersion { get; } = ReadTorchSharpVersion();

    /// <summary>Whether the native runtime is loaded and usable.</summary>
    public static bool IsAvailable => LoadFailure.Value is null;

    /// <summary>Loads the native runtime if needed.</summary>
    /// <exception cref="NativeRuntimeException">It cannot be loaded; the message says what is missing.</exception>
    public static void EnsureAvailable()
    {
        if (LoadFailure.Value is { } failure)
        {
            var diagnosis = Diagnose(AppContext.BaseDirectory);
            throw new NativeRuntimeException(diagnosis.Message, failure) { Problem = diagnosis.Problem };
        }
    }

    private static string ReadTorchSharpVersion()
    {
        var assembly = typeof(torch).Assembly;
        string? informational = assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), inherit: false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion;
        return informational?.Split('+')[0] ?? assembly.GetName().Version?.ToString(3) ?? "the version Percepti.Core references";
    }

    /// <summary>Explains why the native runtime in <paramref name="applicationDirectory"/> would not load.</summary>
    internal static (NativeRuntimeProblem Problem, string Message) Diagnose(string applicationDirectory)
    {
        string[] runtimeFiles = FindFiles(applicationDirectory, "libtorch_cpu.so", "torch_cpu.dll", "libtorch_cpu.dylib");
        if (runtimeFiles.Length == 0)
        {
            return (NativeRuntimeProblem.NoRuntimePackage,
                "Percepti.Core could not load libtorch: the application references no libtorch runtime package. " +
                $"Add a PackageReference to TorchSharp-cpu (or TorchSharp-cuda-linux / TorchSharp-cuda-windows for a GPU), version {TorchSharpVersion}, to the application project.");
        }

        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            string? host = ElfSymbolVersions.FindHostLibrary("libstdc++.so.6");
            if (host is not null)
            {
                var hostVersions = ElfSymbolVersions.ReadVersionDefinitions(File.ReadAllBytes(host));
                foreach (string binding in FindFiles(applicationDirectory, "libLibTorchSharp.so"))
                {
                    var missing = ElfSymbolVersions.FindMissing(File.ReadAllBytes(binding), "libstdc++.so.6", hostVersions);
                    if (missing.Count > 0)
                    {
                        string highest = ElfSymbolVersions.HighestVersion(hostVersions, "GLIBCXX_") ?? "an unknown version";
                        bool anchorsOnly = missing.All(ElfSymbolVersions.OnlyAnchorSymbols);
                        string advice = anchorsOnly
                            ? "Only a never-called anchor symbol needs it: build the application with Percepti.Core's build targets (they run after build and publish and mark that need weak), or install a libstdc++ that provides it."
                            : "Install a libstdc++ that provides it (GCC 13 or newer runtime).";
                        return (NativeRuntimeProblem.LibStdCxxTooOld,
                            $"Percepti.Core could not load libtorch: {binding} needs {string.Join(", ", missing.Select(m => m.Version))} from libstdc++.so.6, " +
                            $"but the system's {host} stops at {highest}. {advice}");
                    }
                }
            }
        }

        return (NativeRuntimeProblem.Unknown,
            "Percepti.Core could not load libtorch (TorchSharp's native runtime). The inner exception holds TorchSharp's load trace.");
    }

    private static Exception? TryLoad()
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            return null;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return exception;
        }
    }

    private static string[] FindFiles(string directory, params string[] names)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return [.. names.SelectMany(name => Directory.EnumerateFiles(directory, name, SearchOption.AllDirectories))];
    }
}
