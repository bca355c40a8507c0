using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Percepti.Core.Tests.Packaging;

/// <summary>The README's code compiles as written, as a user's new console app would compile it.</summary>
public sealed class ReadmeTests
{
    [Theory]
    [InlineData("### Tables")]
    public void A_readme_section_compiles_as_a_console_app(string heading)
    {
        string readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        int section = readme.IndexOf(heading + "\n", StringComparison.Ordinal);
        section.Should().BeGreaterThan(0, $"README has a section '{heading}'");
        int start = readme.IndexOf("```csharp\n", section, StringComparison.Ordinal) + "```csharp\n".Length;
        string code = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];

        // What `dotnet new console` gives: implicit usings, nullable on, top-level statements.
        const string implicitUsings = "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Threading; global using System.Threading.Tasks;";
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = platform.Append(typeof(Percepti.Core.Graph.ModelGraph).Assembly.Location)
            .DistinctBy(Path.GetFileName)
            .Select(path => MetadataReference.CreateFromFile(path));
        var options = new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress });
        var compilation = CSharpCompilation.Create("Readme", [CSharpSyntaxTree.ParseText(implicitUsings, parse), CSharpSyntaxTree.ParseText(code, parse)], references, options);

        using var image = new MemoryStream();
        var problems = compilation.Emit(image).Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        problems.Should().BeEmpty($"the code under '{heading}' compiles:\n{code}");
    }
}
