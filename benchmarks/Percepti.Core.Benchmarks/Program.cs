using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// Run with: dotnet run -c Release --project benchmarks/Percepti.Core.Benchmarks -- --filter '*'
// or, for the interleaved training-step comparison: ... -- --paired
// In process: a separately generated benchmark project would not get this repository's build step
// that lets libtorch load on hosts with an older libstdc++ (see README, "Native runtime").
if (args.Contains("--paired"))
{
    Percepti.Core.Benchmarks.PairedStepComparison.Run(Console.Out);
    return;
}

var config = DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).AsDefault());
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
