using System.IO.Compression;
using System.Xml.Linq;

namespace Percepti.Core.Tests.Packaging;

/// <summary>The bundle packages (nuget/*): one template, the library's metadata, the right runtime, nothing else.</summary>
[Collection(nameof(PackagingTests))]
public sealed class BundlePackageTests
{
    [Theory]
    [InlineData("Percepti.Core.Cpu", "TorchSharp-cpu", "CPU")]
    [InlineData("Percepti.Core.Cuda.Linux", "TorchSharp-cuda-linux", "CUDA runtime for Linux")]
    [InlineData("Percepti.Core.Cuda.Windows", "TorchSharp-cuda-windows", "CUDA runtime for Windows")]
    public void A_bundle_depends_on_this_exact_library_version_and_one_runtime(string id, string runtime, string described)
    {
        var output = Directory.CreateTempSubdirectory("percepti-bundle");
        try
        {
            Repository.Run(Repository.Root, "dotnet", "pack", Path.Combine(Repository.Root, "nuget", id, id + ".csproj"), "-c", "Release", "-o", output.FullName, "-p:Version=0.9.1-test", "-nologo");

            string package = Directory.GetFiles(output.FullName, "*.nupkg").Should().ContainSingle().Subject;
            using var zip = ZipFile.OpenRead(package);
            zip.Entries.Select(e => e.FullName).Where(n => !n.StartsWith('_') && !n.StartsWith('[') && !n.StartsWith("package/", StringComparison.Ordinal))
                .Should().BeEquivalentTo([id + ".nuspec", "README.md"], "a bundle carries no code");
            using var stream = zip.GetEntry(id + ".nuspec")!.Open();
            var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string Value(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;

            Value("id").Should().Be(id);
            Value("version").Should().Be("0.9.1-test");
            Value("description").Should().Contain(described);
            Value("authors").Should().Be("Percepti.Core contributors");
            Value("license").Should().Be("MIT");
            Value("tags").Should().Contain("torchsharp");
            metadata.Descendants().Where(e => e.Name.LocalName == "dependency")
                .Select(e => (e.Attribute("id")!.Value, e.Attribute("version")!.Value))
                .Should().BeEquivalentTo([("Percepti.Core", "[0.9.1-test]"), (runtime, "0.107.0")]);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
