namespace Percepti.Core.Tests.Architecture;

/// <summary>DESIGN.md's rule: each layer uses only the layers above it (and the shared infrastructure).</summary>
public sealed class LayerDependencyTests
{
    /// <summary>The layers, top first.</summary>
    private static readonly string[] Layers = ["Graph", "Components", "Backends", "Preview", "Data", "Training", "Export"];

    /// <summary>Shared infrastructure every layer may use; it uses no layer.</summary>
    private static readonly string[] Infrastructure = ["Root", "IO", "Reactive", "Options"];

    [Fact]
    public void Every_type_lives_in_a_layer_or_the_infrastructure()
    {
        var strays = LibraryIl.All.Select(u => LibraryIl.LayerOf(u.UserNamespace)!).Distinct()
            .Where(layer => !Layers.Contains(layer) && !Infrastructure.Contains(layer));

        strays.Should().BeEmpty("a new folder must be placed in the layer order here and in DESIGN.md");
    }

    [Fact]
    public void Each_layer_uses_only_the_layers_above_it()
    {
        var violations = LibraryIl.All
            .Where(u => u.UsedAssembly == "Percepti.Core")
            .Select(u => (Use: u, From: LibraryIl.LayerOf(u.UserNamespace)!, To: LibraryIl.LayerOf(u.UsedNamespace)))
            .Where(d => d.To is not null && d.From != d.To && !Allowed(d.From, d.To))
            .Select(d => $"{d.From} -> {d.To}: {d.Use.User} uses {d.Use.Used}")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        violations.Should().BeEmpty();
    }

    [Theory]
    [InlineData("Graph", "Components")]
    [InlineData("Training", "Export")]
    [InlineData("Components", "Backends")]
    [InlineData("Data", "Training")]
    [InlineData("IO", "Graph")]
    public void The_rule_refuses_a_dependency_upward(string from, string to) => Allowed(from, to).Should().BeFalse();

    private static bool Allowed(string from, string to)
    {
        if (Infrastructure.Contains(to))
        {
            return true;
        }

        if (Infrastructure.Contains(from))
        {
            return false;
        }

        return Array.IndexOf(Layers, to) < Array.IndexOf(Layers, from);
    }
}
