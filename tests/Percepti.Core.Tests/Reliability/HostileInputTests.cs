using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Percepti.Core.Tests.Data;
using Percepti.Core.Tests.Packaging;
using Xunit.Abstractions;

namespace Percepti.Core.Tests.Reliability;

/// <summary>
/// The generated red-team run: 2,000 mutated graph documents and 200 mutated data files and packages
/// (truncation, byte flips, type swaps, huge and overflowing numbers, bombs) in a child process, so a native
/// crash or a hang fails this test instead of ending the test host.
/// </summary>
public sealed partial class HostileInputTests(ITestOutputHelper output)
{
    /// <summary>The most resident memory the child may reach, managed and native together.</summary>
    private const long PeakMemoryBoundMegabytes = 1024;

    [Fact]
    public async Task Generated_hostile_inputs_give_only_documented_exceptions_in_bounded_memory_and_write_nothing_else()
    {
        // A fixed seed keeps CI reproducible; PERCEPTI_HOSTILE_SEED runs another generation.
        string seed = Environment.GetEnvironmentVariable("PERCEPTI_HOSTILE_SEED") ?? "2026";
        using var files = new TestFiles();
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        string runner = Path.Combine(Repository.Root, "tests", "Percepti.Core.Hostile", "bin", configuration, "net10.0", "Percepti.Core.Hostile.dll");
        File.Exists(runner).Should().BeTrue($"the hostile-input runner is built with the tests ({runner})");

        var start = new ProcessStartInfo("dotnet", ["exec", runner, "--seed", seed, "--graphs", "2000", "--files", "200", "--work", files.Directory])
        {
            WorkingDirectory = files.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Temporary files land in the checked folder too; the runtime's diagnostic socket would be one.
        start.Environment["TMPDIR"] = files.Directory;
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        bool exited = process.WaitForExit(TimeSpan.FromMinutes(3));
        if (!exited)
        {
            process.Kill(entireProcessTree: true);
        }

        string log = await stdout + await stderr;
        output.WriteLine(log.Length > 20_000 ? log[^20_000..] : log);
        exited.Should().BeTrue("the run finishes within 3 minutes (each case has 30 s before the runner reports a hang)");
        log.Split('\n').Where(l => l.StartsWith("finding", StringComparison.Ordinal)).Should().BeEmpty("every hostile input ends in success or a documented exception");
        process.ExitCode.Should().Be(0, "the child ended normally (3 = a hang, a crash ends it otherwise)");

        var summary = Summary().Match(log);
        summary.Success.Should().BeTrue(log);
        int.Parse(summary.Groups["graphs"].Value, CultureInfo.InvariantCulture).Should().Be(2000);
        int.Parse(summary.Groups["files"].Value, CultureInfo.InvariantCulture).Should().Be(200);
        long.Parse(summary.Groups["rss"].Value, CultureInfo.InvariantCulture).Should().BeLessThan(PeakMemoryBoundMegabytes, "memory is decided from checked sizes, not from what a file declares");
        log.Should().Contain("outcome graph ran forward", "the corpus reaches compilation and a forward pass, not only the reader");
    }

    [GeneratedRegex(@"summary seed=\d+ graphs=(?<graphs>\d+) files=(?<files>\d+) findings=0 peak_rss_mb=(?<rss>\d+)")]
    private static partial Regex Summary();
}
