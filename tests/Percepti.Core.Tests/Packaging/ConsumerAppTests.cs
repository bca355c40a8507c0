namespace Percepti.Core.Tests.Packaging;

/// <summary>An application that references only Percepti.Core.Cpu from a local feed builds, loads libtorch and trains.</summary>
[Collection(nameof(PackagingTests))]
public sealed class ConsumerAppTests
{
    [Fact]
    public void A_fresh_console_app_referencing_only_the_cpu_bundle_trains_one_batch()
    {
        string root = Repository.Root;
        string work = Directory.CreateTempSubdirectory("percepti-consumer").FullName;
        try
        {
            // A version of its own, so NuGet's global cache never serves an older build.
            string version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
            string feed = Path.Combine(work, "feed");
            Repository.Run(root, "dotnet", "pack", Path.Combine(root, "src", "Percepti.Core", "Percepti.Core.csproj"), "-c", "Release", "-o", feed, $"-p:Version={version}", "-nologo");
            Repository.Run(root, "dotnet", "pack", Path.Combine(root, "nuget", "Percepti.Core.Cpu", "Percepti.Core.Cpu.csproj"), "-c", "Release", "-o", feed, $"-p:Version={version}", "-nologo");

            string app = Path.Combine(work, "app");
            Directory.CreateDirectory(app);
            File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Percepti.Core.Cpu" Version="{version}" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(app, "Program.cs"), """
                using Percepti.Core.Components;
                using Percepti.Core.Data;
                using Percepti.Core.Graph;
                using Percepti.Core.Training;

                var graph = ModelGraph.Create("consumer", g =>
                    g.Classification(g.Input("x", TensorShape.Of(4)).Dense(8, Activation.ReLU).Dense(2), g.Target("y", classes: 2)));
                var random = new Random(1);
                var data = Dataset.FromArrays(
                    (new DatasetColumn("x", ColumnKind.Tensor, TensorShape.Of(4), ColumnRole.Input), Enumerable.Range(0, 64 * 4).Select(_ => random.NextSingle()).ToArray()),
                    (new DatasetColumn("y", ColumnKind.Categorical, TensorShape.Scalar, ColumnRole.Target) { ClassNames = ["a", "b"] }, Enumerable.Range(0, 64).Select(i => (float)(i % 2)).ToArray()));
                using var run = Trainer.Start(graph, data.SplitCounts(train: 64, validation: 0), new TrainingOptions { Epochs = 1, BatchSize = 64 });
                var result = await run.Completion;
                using var model = result.Model;
                Console.WriteLine($"trained one batch: loss {result.FinalMetrics["loss"]:F4}, {model.ParameterCount} parameters");
                """);

            string output = Repository.Run(app, "dotnet", "run", "-nologo");
            output.Should().MatchRegex(@"trained one batch: loss \d+\.\d{4}, 58 parameters");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}

/// <summary>Tests that run dotnet pack: one at a time, as they share build outputs.</summary>
[CollectionDefinition(nameof(PackagingTests))]
public sealed class PackagingTests;
