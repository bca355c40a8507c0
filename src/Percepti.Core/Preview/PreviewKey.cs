using Percepti.Core.Components;
using Percepti.Core.Graph;

namespace Percepti.Core.Preview;

/// <summary>
/// What a component's preview depends on: its id (the weight seed), kind, settings, the keys of its
/// inputs in port order, the sample and the base seed. Equal keys give equal previews.
/// </summary>
internal sealed class PreviewKey : IEquatable<PreviewKey>
{
    private readonly int _hash;

    public PreviewKey(NodeId node, string kind, ComponentSettings settings, IReadOnlyList<PreviewKey> inputs, string sampleId, long seed)
    {
        Node = node;
        Kind = kind;
        Settings = settings;
        Inputs = inputs;
        SampleId = sampleId;
        Seed = seed;
        var hash = default(HashCode);
        hash.Add(node);
        hash.Add(kind);
        hash.Add(settings);
        foreach (var input in inputs)
        {
            hash.Add(input._hash);
        }

        hash.Add(sampleId);
        hash.Add(seed);
        _hash = hash.ToHashCode();
    }

    public NodeId Node { get; }

    public string Kind { get; }

    public ComponentSettings Settings { get; }

    public IReadOnlyList<PreviewKey> Inputs { get; }

    public string SampleId { get; }

    public long Seed { get; }

    public bool Equals(PreviewKey? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return other is not null
            && other._hash == _hash
            && Node == other.Node
            && Kind == other.Kind
            && Seed == other.Seed
            && SampleId == other.SampleId
            && Settings.Equals(other.Settings)
            && Inputs.SequenceEqual(other.Inputs);
    }

    public override bool Equals(object? obj) => Equals(obj as PreviewKey);

    public override int GetHashCode() => _hash;
}
