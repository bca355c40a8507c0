using Percepti.Core.Components.Modules;
using Percepti.Core.Graph;
using static TorchSharp.torch;

namespace Percepti.Core.Components.Kinds;

/// <summary>Maps integer tokens to learned vectors.</summary>
internal sealed class EmbeddingComponent() : ComponentKind<EmbeddingSettings>(new EmbeddingSettings(1000, 64))
{
    /// <inheritdoc />
    public override string Name => "Embedding";

    /// <inheritdoc />
    public override ComponentCategory Category => ComponentCategory.DeepLearning;

    /// <inheritdoc />
    public override string Description => "Maps each integer token (0 to vocabulary size - 1) to a learned vector; adds a last axis.";

    /// <inheritdoc />
    protected override IEnumerable<SettingDescriptor> DescribeSettings() =>
    [
        SettingDescriptor.Integer<EmbeddingSettings>("vocabularySize", "Vocabulary size", "The number of distinct tokens.", s => s.VocabularySize, (s, v) => s with { VocabularySize = v }, 1, 10_000_000),
        SettingDescriptor.Integer<EmbeddingSettings>("dimensions", "Dimensions", "The length of each token's vector.", s => s.Dimensions, (s, v) => s with { Dimensions = v }, 1, 65_536),
    ];

    /// <inheritdoc />
    protected override TensorShape InferOutputShapeCore(EmbeddingSettings settings, IReadOnlyList<TensorShape> inputs)
    {
        ShapeRules.RequireRank(Name, inputs[0], 0, 7);
        return TensorShape.Of([.. inputs[0], settings.Dimensions]);
    }

    /// <inheritdoc />
    protected override long CountParametersCore(EmbeddingSettings settings, IReadOnlyList<TensorShape> inputs) =>
        (long)settings.VocabularySize * settings.Dimensions;

    /// <inheritdoc />
    protected override ComponentModule BuildCore(EmbeddingSettings settings, IReadOnlyList<TensorShape> inputs) =>
        new LayerModule(Name, nn.Embedding(settings.VocabularySize, settings.Dimensions), before: x => x.to(ScalarType.Int64));
}
