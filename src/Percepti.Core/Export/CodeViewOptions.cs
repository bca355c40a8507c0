using Percepti.Core.Graph;

namespace Percepti.Core.Export;

/// <summary>Choices for <see cref="CodeView"/>.</summary>
public sealed record CodeViewOptions
{
    /// <summary>The generated class's name; null derives it from the graph's name (e.g. <c>fashion-cnn</c> → <c>FashionCnnModel</c>).</summary>
    public string? ClassName { get; init; }

    /// <summary>The namespace of the generated C# class.</summary>
    public string Namespace { get; init; } = "Percepti.Generated";

    /// <summary>The components whose outputs <c>forward</c> returns; null returns what each loss head reads.</summary>
    public IReadOnlyList<NodeId>? Outputs { get; init; }
}
