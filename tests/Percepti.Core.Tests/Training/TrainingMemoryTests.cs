using System.Collections.Concurrent;
using Percepti.Core.Data;
using Percepti.Core.Tests.Data;
using Percepti.Core.Tests.Preview;
using Percepti.Core.Training;
using TorchSharp;

namespace Percepti.Core.Tests.Training;

[Collection(nameof(NativeMemoryTests))]
public sealed class TrainingMemoryTests
{
    [Fact]
    public async Task Live_tensors_do_not_grow_across_epochs()
    {
        var split = FashionMnist.Load(TestFiles.BundledDirectory).Subset([.. Enumerable.Range(0, 640)]).Split(train: 0.8, validation: 0.2, seed: 4);
        var counts = new ConcurrentQueue<long>();
        using var run = Trainer.Create(SeedGraphs.FashionCnn(), split, new TrainingOptions { Epochs = 5, BatchSize = 32, TelemetryEveryBatches = 4 });
        using var subscription = run.Events.Subscribe(e =>
        {
            if (e is EpochCompleted)
            {
                counts.Enqueue(torch.Tensor.TotalCount);
            }
        });
        run.Start();
        var result = await run.Completion.WaitAsync(TimeSpan.FromMinutes(3));
        using var model = result.Model;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (counts.Count < 5 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        var list = counts.ToList();
        list.Should().HaveCount(5);
        list[^1].Should().BeLessThanOrEqualTo(list[1] + 16, $"live tensor counts per epoch: {string.Join(", ", list)}");
    }
}
