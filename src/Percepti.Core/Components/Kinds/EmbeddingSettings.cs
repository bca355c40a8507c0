using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Settings of an Embedding component, which maps integer tokens to learned vectors.</summary>
/// <param name="VocabularySize">The number of distinct tokens (valid tokens are 0 to size - 1).</param>
/// <param name="Dimensions">The length of each token's vector.</param>
public sealed record EmbeddingSettings(int VocabularySize, int Dimensions) : ComponentSettings;
