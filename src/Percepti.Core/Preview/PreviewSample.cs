using Percepti.Core.Components.Kinds;
using Percepti.Core.Graph;

namespace Percepti.Core.Preview;

/// <summary>
/// The sample previews run on (typically the first training row): one value per Input or Target,
/// keyed by the node's id or label. The id identifies the sample in cache keys.
/// </summary>
public sealed class PreviewSample
{
    private readonly Dictionary<string, SampleValue> _values;

    /// <summary>Creates a sample.</summary>
    /// <param name="id">Identifies the sample (e.g. "train[0]"); previews are cached per sample id.</param>
    /// <param name="values">Values by Input/Target id or label.</param>
    public PreviewSample(string id, IReadOnlyDictionary<string, SampleValue> values)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(values);
        Id = id;
        _values = new Dictionary<string, SampleValue>(values, StringComparer.Ordinal);
    }

    /// <summary>Identifies the sample.</summary>
    public string Id { get; }

    /// <summary>The names that have values.</summary>
    public IEnumerable<string> Names => _values.Keys;

    /// <summary>A reproducible random sample for every Input (uniform in [0, 1)) and Target (a class or zeros) of a graph.</summary>
    /// <param name="graph">The graph whose sources need values.</param>
    /// <param name="seed">The random seed.</param>
    /// <returns>The sample, with id <c>random:{seed}</c>.</returns>
    public static PreviewSample Random(ModelGraph graph, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var random = new Random(seed);
        var values = new Dictionary<string, SampleValue>(StringComparer.Ordinal);
        foreach (var node in graph.Nodes)
        {
            switch (node.Settings)
            {
                case InputSettings input:
                    values[node.Id.Value] = new SampleValue(Enumerable.Range(0, checked((int)input.Shape.ElementCount)).Select(_ => random.NextSingle()).ToArray(), input.Shape);
                    break;
                case TargetSettings { Classes: > 0 } target:
                    values[node.Id.Value] = SampleValue.ClassLabel(random.Next(target.Classes));
                    break;
                case TargetSettings target:
                    values[node.Id.Value] = new SampleValue(new float[target.Shape.ElementCount], target.Shape);
                    break;
            }
        }

        return new PreviewSample($"random:{seed}", values);
    }

    /// <summary>Finds the value for a node, by id first, then by label.</summary>
    /// <param name="node">The Input or Target node.</param>
    /// <param name="value">The value, when found.</param>
    /// <returns>Whether a value was found.</returns>
    public bool TryGetValue(GraphNode node, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SampleValue? value)
    {
        ArgumentNullException.ThrowIfNull(node);
        return _values.TryGetValue(node.Id.Value, out value) || _values.TryGetValue(node.Label, out value);
    }
}
