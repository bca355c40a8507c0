using System.Diagnostics;

namespace Percepti.Core.Tests.Packaging;

/// <summary>The repository the tests run from, and the tools they start in it.</summary>
internal static class Repository
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>The folder holding Percepti.Core.sln, found above the test binaries.</summary>
    public static string Root
    {
        get
        {
            string root = AppContext.BaseDirectory;
            while (!File.Exists(Path.Combine(root, "Percepti.Core.sln")))
            {
                root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("The repository root (Percepti.Core.sln) was not found above the test binaries.");
            }

            return root;
        }
    }

    /// <summary>Runs a program to completion, asserting it exits with 0; returns what it printed.</summary>
    public static string Run(string directory, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit(Timeout).Should().BeTrue($"{file} {string.Join(' ', arguments)} finishes");
        string log = stdout.Result + stderr.Result;
        process.ExitCode.Should().Be(0, log);
        return log;
    }
}
