namespace Percepti.Core.Training;

/// <summary>Precision, recall and F1 of one class.</summary>
/// <param name="ClassName">The class.</param>
/// <param name="Precision">Of the rows predicted as this class, the fraction that are.</param>
/// <param name="Recall">Of the rows of this class, the fraction predicted as it.</param>
/// <param name="F1">The harmonic mean of precision and recall.</param>
/// <param name="Support">Rows of this class.</param>
public sealed record ClassMetrics(string ClassName, double Precision, double Recall, double F1, int Support);
