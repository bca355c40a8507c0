namespace Percepti.Core.Export;

/// <summary>One class and how probable the model finds it.</summary>
/// <param name="ClassName">The class's name.</param>
/// <param name="Index">The class's index.</param>
/// <param name="Probability">Its probability (softmax of the logits).</param>
public sealed record ClassProbability(string ClassName, int Index, float Probability);
