using BenchmarkDotNet.Running;

// Run with: dotnet run -c Release --project benchmarks/Percepti.Core.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
