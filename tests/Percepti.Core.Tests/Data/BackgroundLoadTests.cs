using Percepti.Core.Data;

namespace Percepti.Core.Tests.Data;

/// <summary>Loading in the background for UI hosts: the same dataset, off the caller's thread, and cancellable.</summary>
public sealed class BackgroundLoadTests
{
    [Fact]
    public async Task A_background_load_reads_what_a_load_reads_and_passes_progress_on()
    {
        var reports = new List<LoadProgress>();
        var loaded = await FashionMnist.LoadAsync(TestFiles.BundledDirectory, test: true, new SynchronousProgress(reports.Add));
        var direct = FashionMnist.Load(TestFiles.BundledDirectory, test: true);

        loaded.Count.Should().Be(direct.Count);
        loaded.Read(7, "image").Should().Equal(direct.Read(7, "image"));
        reports.Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_load_cancelled_before_it_starts_reads_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var reports = new List<LoadProgress>();

        var load = () => CsvDataset.LoadAsync("/no/such/file.csv", progress: new SynchronousProgress(reports.Add), cancellationToken: cancelled.Token);

        await load.Should().ThrowAsync<OperationCanceledException>("a missing file would otherwise be reported");
        reports.Should().BeEmpty();
    }

    [Fact]
    public async Task A_load_cancelled_while_it_reads_stops_at_its_next_progress_report()
    {
        using var cancellation = new CancellationTokenSource();
        var reports = new List<LoadProgress>();

        // The first report (the images file) cancels; the labels file's report then stops the load.
        var load = () => IdxDataset.LoadAsync(
            Path.Combine(TestFiles.BundledDirectory, "t10k-images-idx3-ubyte.gz"),
            Path.Combine(TestFiles.BundledDirectory, "t10k-labels-idx1-ubyte.gz"),
            progress: new SynchronousProgress(report =>
            {
                reports.Add(report);
                cancellation.Cancel();
            }),
            cancellationToken: cancellation.Token);

        await load.Should().ThrowAsync<OperationCanceledException>();
        reports.Should().ContainSingle();
    }

    /// <summary>Reports on the reader's thread (unlike <see cref="Progress{T}"/>, which posts), so the test sees the order.</summary>
    private sealed class SynchronousProgress(Action<LoadProgress> report) : IProgress<LoadProgress>
    {
        public void Report(LoadProgress value) => report(value);
    }
}
