using Percepti.Core.Components;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Graph;
using Percepti.Core.Preview;
using TorchSharp;

namespace Percepti.Core.Tests.Preview;

/// <summary>Runs alone: it reads the process-wide live tensor count.</summary>
[CollectionDefinition(nameof(NativeMemoryTests), DisableParallelization = true)]
public sealed class NativeMemoryTests;

[Collection(nameof(NativeMemoryTests))]
public sealed class PreviewMemoryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_thousand_edits_leave_the_live_tensor_count_flat()
    {
        const long budget = 0;
        var samples = new List<long>();
        using (var document = new GraphDocument(SeedGraphs.FashionCnn()))
        using (var engine = new PreviewEngine(document, PreviewSample.Random(document.Current), new PreviewOptions { CacheBudgetBytes = budget, MaxCachedModules = 32 }))
        {
            await engine.StabilizeAsync().WaitAsync(Timeout);
            for (int i = 0; i < 1000; i++)
            {
                // Edits deep in the model, at the head, on an activation, and undo.
                switch (i % 4)
                {
                    case 0: document.UpdateSettings<DenseSettings>("dense_1", s => s with { Units = 16 + (i % 7) }); break;
                    case 1: document.UpdateSettings<ConvolutionSettings>("conv2d_3", s => s with { Filters = 8 + (i % 5) }); break;
                    case 2: document.UpdateSettings<DenseSettings>("dense_2", s => s with { Activation = (Activation)(i % 8) }); break;
                    default: document.Undo(); break;
                }

                await engine.StabilizeAsync().WaitAsync(Timeout);
                engine.CachedBytes.Should().BeLessThan(1024 * 1024, "only the current version is kept");
                if (i % 10 == 9)
                {
                    Settle();
                    samples.Add(engine.WorkerLiveTensors);
                }
            }

            engine.Counters.TotalExecutions.Should().BeGreaterThan(200, "the edits really ran components");
            engine.Counters.CacheHits.Should().BeGreaterThan(1000, "undo and repeated settings are served from cache");
        }

        long early = (long)samples.Skip(20).Take(20).Average();
        long late = (long)samples.TakeLast(20).Average();
        late.Should().BeLessThanOrEqualTo(early + 16, $"live tensors should stay flat once the cache is full (samples: {string.Join(", ", samples)})");
    }

    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
