using Percepti.Core.Graph;

namespace Percepti.Core.Components.Kinds;

/// <summary>Settings of a Target component: the values the model learns to predict.</summary>
/// <param name="Classes">For classification, the number of classes (the target is then a vector of that many class probabilities; class indices are one-hot encoded); 0 for regression.</param>
/// <param name="Shape">For regression (<paramref name="Classes"/> = 0), the shape of one target value.</param>
public sealed record TargetSettings(int Classes, TensorShape Shape) : ComponentSettings;
