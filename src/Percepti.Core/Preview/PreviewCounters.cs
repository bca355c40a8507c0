using Percepti.Core.Graph;

namespace Percepti.Core.Preview;

/// <summary>What the engine has done since it started (or since counters were reset), for tests and diagnostics.</summary>
/// <param name="Executions">How many times each component was computed.</param>
/// <param name="CacheHits">Components served from cache.</param>
/// <param name="Cancellations">Runs abandoned because a newer version arrived.</param>
/// <param name="CommittedVersions">Runs that completed and were published.</param>
public sealed record PreviewCounters(IReadOnlyDictionary<NodeId, int> Executions, long CacheHits, long Cancellations, long CommittedVersions)
{
    /// <summary>Total component executions.</summary>
    public long TotalExecutions => Executions.Values.Sum();
}
