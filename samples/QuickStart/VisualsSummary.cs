using System.Globalization;
using Percepti.Core.Graph;
using Percepti.Core.Preview;
using Percepti.Core.Training;

/// <summary>
/// Reads the ComponentVisuals events of a run: one line per epoch saying which components' visuals of the sample
/// changed most since the previous epoch and where the gradient is weakest, and the first convolution's feature maps
/// of the first and last epochs for a picture.
/// </summary>
internal sealed class VisualsSummary
{
    private Dictionary<NodeId, ComponentPreview>? _previous;

    /// <summary>The first epoch's visuals of the sample.</summary>
    public ComponentVisuals? First { get; private set; }

    /// <summary>The latest epoch's visuals of the sample.</summary>
    public ComponentVisuals? Last { get; private set; }

    /// <summary>Takes an epoch-end event; returns the line to print, or null for the events within an epoch.</summary>
    public string? Add(ComponentVisuals visuals)
    {
        if (visuals.GradientMagnitudes is null)
        {
            return null;
        }

        First ??= visuals;
        Last = visuals;
        var current = visuals.Components.ToDictionary(c => c.NodeId);
        var previous = _previous;
        _previous = current;
        var weakest = visuals.GradientMagnitudes.MinBy(g => g.Value);
        string gradient = string.Create(CultureInfo.InvariantCulture, $"weakest gradient at {weakest.Key} ({weakest.Value:G2})");
        if (previous is null)
        {
            return $"    visuals of {visuals.SampleId}: {visuals.Components.Count} components; {gradient}";
        }

        var changes = current.Values
            .Where(c => c.Visual is not null && previous.TryGetValue(c.NodeId, out var p) && p.Visual?.Values.Length == c.Visual.Values.Length && c.Statistics is not null)
            .Select(c => (c.NodeId, Change: RelativeChange(previous[c.NodeId].Visual!.Values.Span, c.Visual!.Values.Span)))
            .OrderByDescending(c => c.Change)
            .Take(3);
        return $"    visuals of {visuals.SampleId}: changed most {string.Join(", ", changes.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.NodeId} ({c.Change:P0})")))}; {gradient}";
    }

    /// <summary>The mean absolute change relative to the mean absolute value before.</summary>
    private static double RelativeChange(ReadOnlySpan<float> before, ReadOnlySpan<float> after)
    {
        double change = 0, scale = 0;
        for (int i = 0; i < before.Length; i++)
        {
            change += Math.Abs(after[i] - before[i]);
            scale += Math.Abs(before[i]);
        }

        return scale == 0 ? (change == 0 ? 0 : 1) : change / scale;
    }
}
