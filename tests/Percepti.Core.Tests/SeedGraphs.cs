using Percepti.Core.Components;
using Percepti.Core.Components.Kinds;
using Percepti.Core.Graph;

namespace Percepti.Core.Tests;

/// <summary>Graphs shared by several tests.</summary>
internal static class SeedGraphs
{
    /// <summary>The seed CNN from DESIGN.md.</summary>
    public static ModelGraph FashionCnn() => ModelGraph.Create("fashion-cnn", g =>
    {
        var image = g.Input("image", TensorShape.Of(1, 28, 28));
        var label = g.Target("label", classes: 10);
        var logits = image
            .Conv2D(32, kernel: 3, activation: Activation.ReLU)
            .MaxPool2D(2)
            .Conv2D(64, 3, Activation.ReLU)
            .MaxPool2D(2)
            .Conv2D(64, 3, Activation.ReLU)
            .Flatten()
            .Dense(64, Activation.ReLU)
            .Dense(10);
        g.Classification(logits, label);
    });

    /// <summary>A small residual network with a branch, a residual add and a concatenation.</summary>
    public static ModelGraph Residual() => ModelGraph.Create("residual", g =>
    {
        var image = g.Input("image", TensorShape.Of(3, 16, 16));
        var label = g.Target("label", classes: 4);
        var stem = image.Conv2D(8, 3, Activation.ReLU, padding: ConvolutionPadding.Same);
        var branch = stem.Conv2D(8, 3, Activation.ReLU, padding: ConvolutionPadding.Same).Conv2D(8, 3, padding: ConvolutionPadding.Same);
        var residual = stem.Add(branch).Activate(Activation.ReLU);
        var joined = g.Concat(residual, stem, axis: 0);
        var logits = joined.GlobalAvgPool2D().Dense(4);
        g.Classification(logits, label);
    });
}
