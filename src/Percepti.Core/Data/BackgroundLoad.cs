namespace Percepti.Core.Data;

/// <summary>
/// The one way every reader loads in the background for UI hosts: the synchronous reader runs on the thread pool,
/// and cancellation is checked each time it reports progress (a reader reports per chunk, column or image), so
/// a cancelled load stops at its next report with <see cref="OperationCanceledException"/> and returns nothing.
/// </summary>
internal static class BackgroundLoad
{
    public static Task<Dataset> Run(Func<IProgress<LoadProgress>, Dataset> load, IProgress<LoadProgress>? progress, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested
            ? Task.FromCanceled<Dataset>(cancellationToken)
            : Task.Run(() => load(new CancellingProgress(progress, cancellationToken)), cancellationToken);

    /// <summary>Passes reports on, after throwing if the load was cancelled.</summary>
    private sealed class CancellingProgress(IProgress<LoadProgress>? inner, CancellationToken cancellationToken) : IProgress<LoadProgress>
    {
        public void Report(LoadProgress value)
        {
            cancellationToken.ThrowIfCancellationRequested();
            inner?.Report(value);
        }
    }
}
