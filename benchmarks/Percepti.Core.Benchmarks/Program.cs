using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// Run with: dotnet run -c Release --project benchmarks/Percepti.Core.Benchmarks -- --filter '*'
// or, for the interleaved training-step comparison: ... -- --paired
// or, for whole epochs of Trainer against a raw loop: ... -- --epoch [rows] [rounds] [epochs]
// or, for the cost of ComponentVisuals at its default frequency: ... -- --visuals [rows] [rounds]
// or, on a CUDA machine (benchmarks/README.md, "On a GPU"): ... -- --cuda   (-- --cuda cpu 1: the same checks, tried on the CPU)
// In process: a separately generated benchmark project would not get this repository's build step
// that lets libtorch load on hosts with an older libstdc++ (see README, "Native runtime").
if (args.Length > 0 && args[0] == "--epoch")
{
    int rows = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 12_000;
    int rounds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3;
    int epochs = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 1;
    Percepti.Core.Benchmarks.PairedEpochComparison.Run(Console.Out, rows, rounds, epochs);
    return 0;
}

if (args.Length > 0 && args[0] == "--cuda")
{
    bool onCpu = args.Length > 1 && args[1] == "cpu";
    int copies = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 8;
    return Percepti.Core.Benchmarks.CudaChecks.Run(Console.Out, onCpu ? Percepti.Core.Backends.ComputeBackend.Cpu : Percepti.Core.Backends.ComputeBackend.Cuda(), copies);
}

if (args.Length > 0 && args[0] == "--visuals")
{
    int rows = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 12_000;
    int rounds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5;
    Percepti.Core.Benchmarks.VisualsCost.Run(Console.Out, rows, rounds);
    return 0;
}

if (args.Contains("--paired"))
{
    Percepti.Core.Benchmarks.PairedStepComparison.Run(Console.Out);
    return 0;
}

var config = DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).AsDefault());
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
return 0;
