using System.Diagnostics;
using System.Globalization;
using Percepti.Core.Hostile;

// Generates hostile inputs from a seed (mutations of valid graphs, data files and model packages), feeds
// each to the library and reports every outcome other than success or a documented exception. Run by the
// tests in a child process: a native crash or a hang ends this process, not the test host.
// Arguments: --seed N --graphs N --files N --work DIR. Prints one line per finding and a summary line.
int seed = int.Parse(Option("--seed") ?? "2026", CultureInfo.InvariantCulture);
int graphs = int.Parse(Option("--graphs") ?? "2000", CultureInfo.InvariantCulture);
int files = int.Parse(Option("--files") ?? "200", CultureInfo.InvariantCulture);
string work = Path.GetFullPath(Option("--work") ?? Path.Combine(Path.GetTempPath(), $"percepti-hostile-{Environment.ProcessId}"));
Directory.CreateDirectory(work);

var report = new Report(TimeSpan.FromSeconds(30));
var clock = Stopwatch.StartNew();
GraphCorpus.Run(seed, graphs, report);
var written = FileCorpus.Run(seed, files, work, report);

// Nothing may appear in the work folder but the files the corpus wrote itself.
foreach (string file in Directory.EnumerateFiles(work, "*", SearchOption.AllDirectories))
{
    if (!written.Contains(Path.GetFullPath(file)))
    {
        report.Finding("written", file, "a file appeared that no case wrote");
    }
}

report.Stop();
foreach (string outcome in report.Outcomes)
{
    Console.WriteLine($"outcome {outcome}");
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"summary seed={seed} graphs={report.Count("graph")} files={report.Count("file")} findings={report.Findings} peak_rss_mb={PeakRssMegabytes()} slowest_case_ms={report.SlowestMilliseconds} seconds={clock.Elapsed.TotalSeconds:F0}"));
return report.Findings == 0 ? 0 : 1;

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

static long PeakRssMegabytes()
{
    // VmHWM: the most resident memory this process ever had, managed and native together.
    string? line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
    return line is null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
}
