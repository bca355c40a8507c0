using Percepti.Core.Components;
using Percepti.Core.Graph;

namespace Percepti.Core.Preview;

/// <summary>
/// What to draw for a component's output, already downsampled: <see cref="Channels"/> planes of
/// <see cref="Height"/>×<see cref="Width"/> values, row-major, plane after plane.
/// </summary>
/// <param name="Kind">How to draw it.</param>
/// <param name="Channels">Number of planes (3 for RGB, the maps shown for feature maps, otherwise 1).</param>
/// <param name="Height">Rows per plane (1 for bar and line charts and scalars).</param>
/// <param name="Width">Columns per plane.</param>
/// <param name="Values">Channels × Height × Width values.</param>
/// <param name="Minimum">Smallest finite value shown, for colour scaling.</param>
/// <param name="Maximum">Largest finite value shown, for colour scaling.</param>
/// <param name="SourceChannels">Channels in the output before choosing which to show.</param>
public sealed record PreviewVisual(PreviewVisualKind Kind, int Channels, int Height, int Width, ReadOnlyMemory<float> Values, float Minimum, float Maximum, int SourceChannels);
