namespace Percepti.Core.Data;

/// <summary>
/// The random changes drawn for one image: whether it is mirrored, the rotation angle and the shift. One draw order for
/// the row-by-row and the batch implementation, so the same generator gives both the same changes.
/// </summary>
/// <param name="Flip">Mirror left-right.</param>
/// <param name="Angle">Rotation in radians.</param>
/// <param name="ShiftY">Rows to shift by.</param>
/// <param name="ShiftX">Columns to shift by.</param>
internal readonly record struct AugmentationDraw(bool Flip, double Angle, int ShiftY, int ShiftX)
{
    /// <summary>Whether the image stays as it is.</summary>
    public bool IsIdentity => !Flip && Angle == 0 && ShiftX == 0 && ShiftY == 0;

    /// <summary>Draws one image's changes.</summary>
    /// <param name="augmentation">What may change.</param>
    /// <param name="random">The row's generator.</param>
    /// <returns>The changes.</returns>
    public static AugmentationDraw Next(Augmentation augmentation, Random random)
    {
        bool flip = augmentation.FlipHorizontal && random.Next(2) == 1;
        double angle = augmentation.MaxRotationDegrees > 0 ? ((random.NextDouble() * 2) - 1) * augmentation.MaxRotationDegrees * Math.PI / 180 : 0;
        int shiftY = augmentation.CropPadding > 0 ? random.Next(-augmentation.CropPadding, augmentation.CropPadding + 1) : 0;
        int shiftX = augmentation.CropPadding > 0 ? random.Next(-augmentation.CropPadding, augmentation.CropPadding + 1) : 0;
        return new AugmentationDraw(flip, angle, shiftY, shiftX);
    }
}
