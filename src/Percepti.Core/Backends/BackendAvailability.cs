namespace Percepti.Core.Backends;

/// <summary>Whether a backend can be used, with a reason a person can act on when it cannot.</summary>
/// <param name="IsAvailable">Whether it can be used.</param>
/// <param name="Reason">Why not (or what it is, when it can).</param>
public sealed record BackendAvailability(bool IsAvailable, string Reason);
