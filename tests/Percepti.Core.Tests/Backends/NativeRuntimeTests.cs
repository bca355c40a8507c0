using Percepti.Core.Backends;
using Percepti.Core.Backends.Native;

namespace Percepti.Core.Tests.Backends;

public sealed class NativeRuntimeTests
{
    private const string LibStdCxx = "libstdc++.so.6";

    [Fact]
    public void The_runtime_loads_in_the_test_host()
    {
        NativeRuntime.EnsureAvailable();
        NativeRuntime.IsAvailable.Should().BeTrue();
    }

    [Fact]
    public void A_missing_runtime_package_is_named()
    {
        string empty = Directory.CreateTempSubdirectory("percepti-empty").FullName;
        try
        {
            var (problem, message) = NativeRuntime.Diagnose(empty);
            problem.Should().Be(NativeRuntimeProblem.NoRuntimePackage);
            message.Should().Contain("TorchSharp-cpu").And.Contain($"version {PackagedTorchSharpVersion()},", "the package to add must match the TorchSharp the library runs on");
        }
        finally
        {
            Directory.Delete(empty, true);
        }
    }

    [Fact]
    public void The_TorchSharp_version_is_read_from_the_assembly() =>
        NativeRuntime.TorchSharpVersion.Should().Be(PackagedTorchSharpVersion());

    /// <summary>The TorchSharp version the repository references (Directory.Packages.props).</summary>
    private static string PackagedTorchSharpVersion() =>
        System.Xml.Linq.XDocument.Load(Path.Combine(Percepti.Core.Tests.Packaging.Repository.Root, "Directory.Packages.props"))
            .Descendants("TorchSharpVersion").Single().Value;

    [LinuxFact]
    public void The_build_marked_only_the_anchor_version_weak_and_only_where_the_host_lacks_it()
    {
        var hostVersions = HostVersions();
        string original = PackagedBinding();
        string built = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        var originalNeeds = ElfSymbolVersions.ReadVersionNeeds(File.ReadAllBytes(original));
        var builtNeeds = ElfSymbolVersions.ReadVersionNeeds(File.ReadAllBytes(built));

        builtNeeds.Select(n => (n.Library, n.Version)).Should().Equal(originalNeeds.Select(n => (n.Library, n.Version)));
        foreach (var (before, after) in originalNeeds.Zip(builtNeeds))
        {
            bool shouldBeWeak = before.IsWeak
                || (before.Library == LibStdCxx && !hostVersions.Contains(before.Version) && ElfSymbolVersions.OnlyAnchorSymbols(before));
            after.IsWeak.Should().Be(shouldBeWeak, $"{before.Library} {before.Version}");
        }

        // On this project's reference host (Debian 12) exactly GLIBCXX_3.4.32 is missing and bound only to the anchor.
        var missing = ElfSymbolVersions.FindMissing(File.ReadAllBytes(original), LibStdCxx, hostVersions);
        foreach (var need in missing)
        {
            need.Symbols.Should().Equal(["_ZSt21ios_base_library_initv"], need.Version);
        }
    }

    [LinuxFact]
    public void An_unpatched_binding_on_an_old_libstdcxx_is_diagnosed_with_the_versions()
    {
        var hostVersions = HostVersions();
        string original = PackagedBinding();
        var missing = ElfSymbolVersions.FindMissing(File.ReadAllBytes(original), LibStdCxx, hostVersions);

        string directory = Directory.CreateTempSubdirectory("percepti-runtime").FullName;
        try
        {
            File.Copy(original, Path.Combine(directory, "libLibTorchSharp.so"));
            File.WriteAllBytes(Path.Combine(directory, "libtorch_cpu.so"), []);
            var (problem, message) = NativeRuntime.Diagnose(directory);
            if (missing.Count == 0)
            {
                problem.Should().Be(NativeRuntimeProblem.Unknown, "this host's libstdc++ is new enough");
                return;
            }

            problem.Should().Be(NativeRuntimeProblem.LibStdCxxTooOld);
            message.Should().Contain(missing[0].Version).And.Contain(ElfSymbolVersions.HighestVersion(hostVersions, "GLIBCXX_"));
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    [LinuxFact]
    public void Marking_weak_rewrites_only_the_flag_and_replaces_the_file()
    {
        string directory = Directory.CreateTempSubdirectory("percepti-elf").FullName;
        try
        {
            string copy = Path.Combine(directory, "libLibTorchSharp.so");
            File.Copy(PackagedBinding(), copy);
            byte[] before = File.ReadAllBytes(copy);
            var need = ElfSymbolVersions.ReadVersionNeeds(before).First(n => n.Version == "GLIBCXX_3.4.32");

            ElfSymbolVersions.MarkWeak(copy, [need]);

            byte[] after = File.ReadAllBytes(copy);
            after.Length.Should().Be(before.Length);
            Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).Should().Equal([(int)need.FlagsOffset]);
            ElfSymbolVersions.ReadVersionNeeds(after).Single(n => n.Version == "GLIBCXX_3.4.32").IsWeak.Should().BeTrue();
            Directory.GetFiles(directory).Should().ContainSingle("the temporary file was renamed over the original");
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    [LinuxFact]
    public void Non_elf_and_truncated_files_are_handled()
    {
        ElfSymbolVersions.ReadVersionNeeds([1, 2, 3]).Should().BeEmpty();
        byte[] truncated = File.ReadAllBytes(PackagedBinding())[..4096];
        var act = () => ElfSymbolVersions.ReadVersionNeeds(truncated);
        act.Should().Throw<InvalidDataException>();
    }

    private static HashSet<string> HostVersions()
    {
        string? host = ElfSymbolVersions.FindHostLibrary(LibStdCxx);
        host.Should().NotBeNull("a Linux host has a libstdc++");
        return ElfSymbolVersions.ReadVersionDefinitions(File.ReadAllBytes(host!));
    }

    private static string PackagedBinding()
    {
        string root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string path = Path.Combine(root, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        File.Exists(path).Should().BeTrue($"the restored TorchSharp package holds {path}");
        return path;
    }
}
