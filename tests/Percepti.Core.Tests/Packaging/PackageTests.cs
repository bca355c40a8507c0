using System.IO.Compression;
using System.Xml.Linq;

namespace Percepti.Core.Tests.Packaging;

/// <summary>The Percepti.Core NuGet package: metadata, licence, README, symbols and build assets.</summary>
[Collection(nameof(PackagingTests))]
public sealed class PackageTests : IClassFixture<PackageTests.PackedLibrary>
{
    private readonly PackedLibrary _package;

    public PackageTests(PackedLibrary package) => _package = package;

    [Fact]
    public void Metadata_licence_and_readme_are_declared()
    {
        var metadata = _package.Nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;

        Value("id").Should().Be("Percepti.Core");
        Value("version").Should().MatchRegex(@"^\d+\.\d+\.\d+");
        Value("authors").Should().NotBeNullOrWhiteSpace();
        Value("description").Should().Contain("TorchSharp");
        Value("readme").Should().Be("README.md");
        var license = metadata.Elements().Single(e => e.Name.LocalName == "license");
        license.Attribute("type")!.Value.Should().Be("expression");
        license.Value.Should().Be("MIT");
    }

    [Fact]
    public void It_depends_on_TorchSharp_but_not_on_a_native_runtime()
    {
        var dependencies = _package.Nuspec.Descendants().Where(e => e.Name.LocalName == "dependency")
            .ToDictionary(e => e.Attribute("id")!.Value, e => e.Attribute("version")!.Value);
        dependencies.Should().ContainKey("TorchSharp").WhoseValue.Should().Contain("0.107.0");
        dependencies.Should().ContainKey("System.Reactive");
        dependencies.Should().ContainKey("Microsoft.Extensions.Logging.Abstractions");
        dependencies.Keys.Should().NotContain(k => k.StartsWith("TorchSharp-", StringComparison.Ordinal) || k.StartsWith("libtorch", StringComparison.Ordinal));
    }

    [Fact]
    public void It_carries_the_library_docs_readme_and_the_libstdcxx_build_step()
    {
        _package.Entries.Should().Contain([
            "lib/net10.0/Percepti.Core.dll",
            "lib/net10.0/Percepti.Core.xml",
            "README.md",
            "buildTransitive/Percepti.Core.targets",
            "buildTransitive/ElfSymbolVersions.cs",
        ]);
        _package.SymbolEntries.Should().Contain("lib/net10.0/Percepti.Core.pdb");
    }

    /// <summary>Uses the package test.sh made, or packs one into a temporary folder.</summary>
    public sealed class PackedLibrary : IDisposable
    {
        private readonly string? _temporary;

        public PackedLibrary()
        {
            string? directory = Environment.GetEnvironmentVariable("PERCEPTI_PACKAGE_DIR");
            if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
            {
                _temporary = Directory.CreateTempSubdirectory("percepti-pack").FullName;
                directory = _temporary;
                Pack(directory);
            }

            string package = Directory.GetFiles(directory, "Percepti.Core.*.nupkg").Single(p => !p.EndsWith(".snupkg", StringComparison.Ordinal));
            string symbols = Path.ChangeExtension(package, ".snupkg");
            File.Exists(symbols).Should().BeTrue("a symbol package is produced beside the package");

            using (var zip = ZipFile.OpenRead(package))
            {
                Entries = [.. zip.Entries.Select(e => e.FullName)];
                using var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
                Nuspec = XDocument.Load(nuspec);
            }

            using (var zip = ZipFile.OpenRead(symbols))
            {
                SymbolEntries = [.. zip.Entries.Select(e => e.FullName)];
            }
        }

        public XDocument Nuspec { get; }

        public IReadOnlyList<string> Entries { get; }

        public IReadOnlyList<string> SymbolEntries { get; }

        public void Dispose()
        {
            if (_temporary is not null)
            {
                Directory.Delete(_temporary, recursive: true);
            }
        }

        private static void Pack(string output) =>
            Repository.Run(Repository.Root, "dotnet", "pack", Path.Combine(Repository.Root, "src", "Percepti.Core", "Percepti.Core.csproj"), "-c", "Release", "-o", output, "-nologo");
    }
}
