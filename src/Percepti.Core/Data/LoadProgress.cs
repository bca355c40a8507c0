namespace Percepti.Core.Data;

/// <summary>Progress of a long load, for a progress bar.</summary>
/// <param name="File">The file being read.</param>
/// <param name="Done">Units done (records or bytes, see <paramref name="Unit"/>).</param>
/// <param name="Total">Units in all, or null when unknown.</param>
/// <param name="Unit">"records", "rows", "images" or "bytes".</param>
public sealed record LoadProgress(string File, long Done, long? Total, string Unit)
{
    /// <summary>The fraction done, when the total is known.</summary>
    public double? Fraction => Total is > 0 ? (double)Done / Total.Value : null;
}
