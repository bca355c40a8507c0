using Percepti.Core.Graph;

namespace Percepti.Core.Preview;

/// <summary>What one component does to the preview sample: plain managed data, no tensor.</summary>
/// <param name="NodeId">The component.</param>
/// <param name="GraphVersion">The graph version this preview belongs to.</param>
/// <param name="Status">Up to date, error, blocked, …</param>
/// <param name="OutputShape">The per-sample output shape, when known.</param>
/// <param name="Statistics">Statistics of the output values (null unless up to date).</param>
/// <param name="ParameterCount">Trainable parameters of the built module.</param>
/// <param name="Weights">Statistics per parameter tensor.</param>
/// <param name="Visual">The output, downsampled for drawing (null unless up to date).</param>
/// <param name="Elapsed">How long computing it took (zero when served from cache in this version).</param>
/// <param name="Message">For errors: what went wrong; for blocked components: which component blocks them.</param>
/// <param name="BlockedBy">For blocked components: the failing component upstream.</param>
public sealed record ComponentPreview(
    NodeId NodeId,
    long GraphVersion,
    PreviewStatus Status,
    TensorShape? OutputShape,
    TensorStatistics? Statistics,
    long ParameterCount,
    IReadOnlyList<WeightStatistics> Weights,
    PreviewVisual? Visual,
    TimeSpan Elapsed,
    string? Message = null,
    NodeId? BlockedBy = null);
