using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static TorchSharp.torch;

namespace Percepti.Core.Tests.Export;

/// <summary>Compiles generated C# with Roslyn, as a user's project would, and runs the module it defines.</summary>
internal static class GeneratedCode
{
    public static Assembly Compile(IEnumerable<string> sources)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s, parse)).ToList();
        string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = platform.Append(typeof(Tensor).Assembly.Location)
            .DistinctBy(Path.GetFileName)
            .Select(path => MetadataReference.CreateFromFile(path));
        // Nullable on, as in a new project; CS1701/CS1702 (assembly version unification) are off there too.
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress });
        var compilation = CSharpCompilation.Create($"Generated{Guid.NewGuid():N}", trees, references, options);

        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (problems.Count > 0)
        {
            throw new Xunit.Sdk.XunitException("The generated code does not compile cleanly:\n" + string.Join("\n", problems.Take(20).Select(Describe)));
        }

        image.Position = 0;
        return new AssemblyLoadContext("generated", isCollectible: true).LoadFromStream(image);
    }

    public static nn.Module Create(Assembly assembly, string typeName) =>
        (nn.Module)Activator.CreateInstance(assembly.GetType(typeName, throwOnError: true)!)!;

    public static Tensor Forward(nn.Module module, params Tensor[] inputs) =>
        (Tensor)module.GetType().GetMethod("forward")!.Invoke(module, inputs)!;

    private static string Describe(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        string line = diagnostic.Location.SourceTree?.GetText().Lines[span.StartLinePosition.Line].ToString().Trim() ?? string.Empty;
        return $"{diagnostic.Id} line {span.StartLinePosition.Line + 1}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}  >>  {line}";
    }
}
