using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Settings of a Pooling component (1D, 2D or 3D; channels first).</summary>
/// <param name="Dimensions">1, 2 or 3 spatial dimensions.</param>
/// <param name="Mode">Max or average.</param>
/// <param name="Global">Pool each channel down to one value (output: channels).</param>
/// <param name="PoolSize">The window size along every spatial axis.</param>
/// <param name="Stride">The step; 0 means the pool size.</param>
/// <param name="PaddingSize">Zeros (or -∞ for max) added on each side; at most half the pool size.</param>
public sealed record PoolingSettings(int Dimensions, PoolingMode Mode, bool Global, int PoolSize, int Stride, int PaddingSize) : ComponentSettings;
