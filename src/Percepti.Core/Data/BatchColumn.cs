using Percepti.Core.Graph;

namespace Percepti.Core.Data;

/// <summary>One column of a batch: Count × Shape values, row after row.</summary>
/// <param name="Values">The values.</param>
/// <param name="Shape">The per-row shape.</param>
public sealed record BatchColumn(float[] Values, TensorShape Shape);
