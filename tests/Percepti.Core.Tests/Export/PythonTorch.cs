using System.Diagnostics;
using Percepti.Core.Export.Code;

namespace Percepti.Core.Tests.Export;

/// <summary>
/// Runs Debian's Python with PyTorch (<c>python3-torch</c>, which CI installs; <c>PERCEPTI_PYTHON</c> names another):
/// the independent side of the PyTorch exports. A missing interpreter or torch fails the test, never skips it.
/// </summary>
internal static class PythonTorch
{
    public static string Executable => Environment.GetEnvironmentVariable("PERCEPTI_PYTHON") is { Length: > 0 } python ? python : "/usr/bin/python3";

    /// <summary>Writes the library's <c>safetensors_io.py</c> into a folder, for scripts that import it.</summary>
    public static void WriteSafetensorsIo(string folder) => File.WriteAllText(Path.Combine(folder, "safetensors_io.py"), PythonSources.SafetensorsIo);

    /// <summary>Runs a script and returns its output; a non-zero exit fails with that output.</summary>
    public static string Run(string workingDirectory, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null, int timeoutSeconds = 600)
    {
        var start = new ProcessStartInfo(Executable) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException($"{Executable} cannot be started ({exception.Message}): install Debian's python3-torch (.ci/run does), or set PERCEPTI_PYTHON.", exception);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeoutSeconds * 1000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{Executable} {string.Join(' ', arguments)} ran past {timeoutSeconds} s.");
            }

            string text = output.GetAwaiter().GetResult() + errors.GetAwaiter().GetResult();
            if (process.ExitCode != 0)
            {
                string hint = text.Contains("No module named 'torch'", StringComparison.Ordinal) ? " Install Debian's python3-torch (.ci/run does)." : string.Empty;
                throw new InvalidOperationException($"{Executable} {string.Join(' ', arguments)} exited with {process.ExitCode}.{hint}\n{text}");
            }

            return text;
        }
    }
}
