namespace Percepti.Core.Graph;

/// <summary>Where a node sits on the canvas, in canvas units (top-left origin).</summary>
/// <param name="X">Horizontal position.</param>
/// <param name="Y">Vertical position.</param>
public readonly record struct NodePosition(double X, double Y)
{
    /// <summary>The origin.</summary>
    public static NodePosition Origin { get; } = new(0, 0);
}
