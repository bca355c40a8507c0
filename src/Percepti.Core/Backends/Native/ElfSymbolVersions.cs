// This file is compiled twice: into Percepti.Core (to explain why the native runtime did not
// load) and, by eng/NativeRuntime.targets, into an MSBuild inline task (to make the runtime
// load on hosts whose libstdc++ lacks a version that only a never-called anchor symbol needs).
// It therefore sticks to APIs that netstandard2.0 offers.
#nullable enable
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace Percepti.Core.Backends.Native
{
    /// <summary>One version that an ELF shared object needs from a library (a <c>.gnu.version_r</c> auxiliary entry).</summary>
    internal sealed class ElfVersionNeed
    {
        public ElfVersionNeed(string library, string version, int index, bool isWeak, long flagsOffset, IReadOnlyList<string> symbols)
        {
            Library = library;
            Version = version;
            Index = index;
            IsWeak = isWeak;
            FlagsOffset = flagsOffset;
            Symbols = symbols;
        }

        /// <summary>The library the version is needed from, e.g. <c>libstdc++.so.6</c>.</summary>
        public string Library { get; }

        /// <summary>The version name, e.g. <c>GLIBCXX_3.4.32</c>.</summary>
        public string Version { get; }

        /// <summary>The version index that symbols refer to in <c>.gnu.version</c>.</summary>
        public int Index { get; }

        /// <summary>Whether <c>VER_FLG_WEAK</c> is set: the loader then tolerates a missing version.</summary>
        public bool IsWeak { get; }

        /// <summary>File offset of the entry's <c>vna_flags</c> field.</summary>
        public long FlagsOffset { get; }

        /// <summary>The dynamic symbols bound to this version.</summary>
        public IReadOnlyList<string> Symbols { get; }
    }

    /// <summary>Reads and adjusts ELF symbol versioning (64-bit little-endian objects only).</summary>
    internal static class ElfSymbolVersions
    {
        private const uint SectionTypeDynamicSymbols = 11;
        private const uint SectionTypeVersionDefinitions = 0x6ffffffd;
        private const uint SectionTypeVersionNeeds = 0x6ffffffe;
        private const uint SectionTypeVersionSymbols = 0x6fffffff;
        private const ushort VersionFlagWeak = 0x2;

        /// <summary>
        /// Symbols known to be link-time anchors only: GCC 13 emits a reference to
        /// <c>std::ios_base_library_init()</c> to pin the libstdc++ version, and nothing calls it.
        /// </summary>
        public static readonly string[] AnchorOnlySymbols = { "_ZSt21ios_base_library_initv" };

        public static bool IsElf64LittleEndian(byte[] image) =>
            image.Length >= 64 && image[0] == 0x7f && image[1] == (byte)'E' && image[2] == (byte)'L' && image[3] == (byte)'F'
            && image[4] == 2 && image[5] == 1;

        /// <summary>Every version the object needs, with the symbols bound to each.</summary>
        public static List<ElfVersionNeed> ReadVersionNeeds(byte[] image)
        {
            var result = new List<ElfVersionNeed>();
            if (!IsElf64LittleEndian(image))
            {
                return result;
            }

            var sections = ReadSections(image);
            var needs = sections.FirstOrDefault(s => s.Type == SectionTypeVersionNeeds);
            if (needs == null)
            {
                return result;
            }

            var symbolsByIndex = ReadSymbolNamesByVersionIndex(image, sections);
            long strings = sections[(int)needs.Link].Offset;
            long entry = needs.Offset;
            for (int guard = 0; guard < 4096; guard++)
            {
                int auxCount = U16(image, entry + 2);
                string library = CString(image, strings + U32(image, entry + 4));
                long aux = entry + U32(image, entry + 8);
                for (int i = 0; i < auxCount; i++)
                {
                    ushort flags = U16(image, aux + 4);
                    int index = U16(image, aux + 6) & 0x7fff;
                    string version = CString(image, strings + U32(image, aux + 8));
                    symbolsByIndex.TryGetValue(index, out var symbols);
                    result.Add(new ElfVersionNeed(library, version, index, (flags & VersionFlagWeak) != 0, aux + 4, symbols ?? new List<string>()));
                    uint nextAux = U32(image, aux + 12);
                    if (nextAux == 0)
                    {
                        break;
                    }

                    aux += nextAux;
                }

                uint next = U32(image, entry + 12);
                if (next == 0)
                {
                    break;
                }

                entry += next;
            }

            return result;
        }

        /// <summary>Every version name a library defines (its <c>.gnu.version_d</c>).</summary>
        public static HashSet<string> ReadVersionDefinitions(byte[] image)
        {
            var result = new HashSet<string>(StringComparer.Ordinal);
            if (!IsElf64LittleEndian(image))
            {
                return result;
            }

            var sections = ReadSections(image);
            var definitions = sections.FirstOrDefault(s => s.Type == SectionTypeVersionDefinitions);
            if (definitions == null)
            {
                return result;
            }

            long strings = sections[(int)definitions.Link].Offset;
            long entry = definitions.Offset;
            for (int guard = 0; guard < 4096; guard++)
            {
                long aux = entry + U32(image, entry + 12);
                result.Add(CString(image, strings + U32(image, aux)));
                uint next = U32(image, entry + 16);
                if (next == 0)
                {
                    break;
                }

                entry += next;
            }

            return result;
        }

        /// <summary>The versions of <paramref name="library"/> that the object needs, does not mark weak, and the host lacks.</summary>
        public static List<ElfVersionNeed> FindMissing(byte[] image, string library, ICollection<string> hostVersions) =>
            ReadVersionNeeds(image)
                .Where(n => n.Library == library && !n.IsWeak && !hostVersions.Contains(n.Version))
                .ToList();

        /// <summary>Whether every symbol bound to the need is a known never-called anchor.</summary>
        public static bool OnlyAnchorSymbols(ElfVersionNeed need) =>
            need.Symbols.Count > 0 && need.Symbols.All(s => Array.IndexOf(AnchorOnlySymbols, s) >= 0);

        /// <summary>Sets <c>VER_FLG_WEAK</c> on the given needs, writing a temporary file and renaming it over the original.</summary>
        public static void MarkWeak(string path, IEnumerable<ElfVersionNeed> needs)
        {
            byte[] image = File.ReadAllBytes(path);
            foreach (var need in needs)
            {
                ushort flags = U16(image, need.FlagsOffset);
                flags |= VersionFlagWeak;
                image[need.FlagsOffset] = (byte)(flags & 0xff);
                image[need.FlagsOffset + 1] = (byte)(flags >> 8);
            }

            // A new file (not an in-place write) so that a hard link into a package cache is never modified.
            string temporary = path + ".percepti-tmp";
            File.WriteAllBytes(temporary, image);
            File.Delete(path);
            File.Move(temporary, path);
        }

        /// <summary>Finds the libstdc++ the dynamic loader would use, or null when none is found.</summary>
        public static string? FindHostLibrary(string soname)
        {
            foreach (string ldconfig in new[] { "/sbin/ldconfig", "/usr/sbin/ldconfig", "/usr/bin/ldconfig" })
            {
                if (!File.Exists(ldconfig))
                {
                    continue;
                }

                try
                {
                    var start = new ProcessStartInfo(ldconfig, "-p") { RedirectStandardOutput = true, UseShellExecute = false };
                    using var process = Process.Start(start);
                    if (process == null)
                    {
                        continue;
                    }

                    string output = process.StandardOutput.ReadToEnd();
                    process.WaitForExit();
                    foreach (string line in output.Split('\n'))
                    {
                        string trimmed = line.Trim();
                        int arrow = trimmed.IndexOf("=>", StringComparison.Ordinal);
                        if (trimmed.StartsWith(soname + " ", StringComparison.Ordinal) && arrow > 0
                            && (trimmed.Contains("x86-64") || trimmed.Contains("AArch64") || !trimmed.Contains("(libc6,")))
                        {
                            string candidate = trimmed.Substring(arrow + 2).Trim();
                            if (File.Exists(candidate))
                            {
                                return candidate;
                            }
                        }
                    }
                }
                catch (Exception exception) when (exception is IOException || exception is System.ComponentModel.Win32Exception || exception is InvalidOperationException)
                {
                    // Fall through to the well-known locations.
                }
            }

            foreach (string directory in new[] { "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib/aarch64-linux-gnu", "/usr/lib" })
            {
                string candidate = Path.Combine(directory, soname);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }

        /// <summary>The highest version with the given prefix (e.g. <c>GLIBCXX_</c>), comparing numerically.</summary>
        public static string? HighestVersion(IEnumerable<string> versions, string prefix)
        {
            string? best = null;
            int[]? bestParts = null;
            foreach (string version in versions)
            {
                if (!version.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                int[]? parts = ParseVersion(version.Substring(prefix.Length));
                if (parts == null)
                {
                    continue;
                }

                if (bestParts == null || Compare(parts, bestParts) > 0)
                {
                    best = version;
                    bestParts = parts;
                }
            }

            return best;
        }

        private static int[]? ParseVersion(string text)
        {
            string[] pieces = text.Split('.');
            var parts = new int[pieces.Length];
            for (int i = 0; i < pieces.Length; i++)
            {
                if (!int.TryParse(pieces[i], NumberStyles.None, CultureInfo.InvariantCulture, out parts[i]))
                {
                    return null;
                }
            }

            return parts;
        }

        private static int Compare(int[] left, int[] right)
        {
            for (int i = 0; i < Math.Max(left.Length, right.Length); i++)
            {
                int l = i < left.Length ? left[i] : 0;
                int r = i < right.Length ? right[i] : 0;
                if (l != r)
                {
                    return l.CompareTo(r);
                }
            }

            return 0;
        }

        private static Dictionary<int, List<string>> ReadSymbolNamesByVersionIndex(byte[] image, List<ElfSection> sections)
        {
            var result = new Dictionary<int, List<string>>();
            var symbols = sections.FirstOrDefault(s => s.Type == SectionTypeDynamicSymbols);
            var versions = sections.FirstOrDefault(s => s.Type == SectionTypeVersionSymbols);
            if (symbols == null || versions == null || symbols.EntrySize == 0)
            {
                return result;
            }

            long strings = sections[(int)symbols.Link].Offset;
            long count = symbols.Size / symbols.EntrySize;
            for (long i = 0; i < count; i++)
            {
                int index = U16(image, versions.Offset + (i * 2)) & 0x7fff;
                if (index < 2)
                {
                    continue; // 0 = local, 1 = global: not bound to a named version.
                }

                string name = CString(image, strings + U32(image, symbols.Offset + (i * symbols.EntrySize)));
                if (!result.TryGetValue(index, out var names))
                {
                    names = new List<string>();
                    result[index] = names;
                }

                names.Add(name);
            }

            return result;
        }

        private static List<ElfSection> ReadSections(byte[] image)
        {
            long offset = (long)U64(image, 0x28);
            int entrySize = U16(image, 0x3A);
            int count = U16(image, 0x3C);
            var sections = new List<ElfSection>(count);
            for (int i = 0; i < count; i++)
            {
                long header = offset + ((long)i * entrySize);
                sections.Add(new ElfSection(
                    U32(image, header + 4),
                    (long)U64(image, header + 24),
                    (long)U64(image, header + 32),
                    U32(image, header + 40),
                    (long)U64(image, header + 56)));
            }

            return sections;
        }

        private static ushort U16(byte[] image, long offset)
        {
            Check(image, offset, 2);
            return (ushort)(image[offset] | (image[offset + 1] << 8));
        }

        private static uint U32(byte[] image, long offset)
        {
            Check(image, offset, 4);
            return image[offset] | ((uint)image[offset + 1] << 8) | ((uint)image[offset + 2] << 16) | ((uint)image[offset + 3] << 24);
        }

        private static ulong U64(byte[] image, long offset) => U32(image, offset) | ((ulong)U32(image, offset + 4) << 32);

        private static string CString(byte[] image, long offset)
        {
            Check(image, offset, 1);
            long end = offset;
            while (end < image.Length && image[end] != 0)
            {
                end++;
            }

            return Encoding.ASCII.GetString(image, (int)offset, (int)(end - offset));
        }

        private static void Check(byte[] image, long offset, int length)
        {
            if (offset < 0 || offset + length > image.Length)
            {
                throw new InvalidDataException("The ELF file is truncated or malformed (offset " + offset.ToString(CultureInfo.InvariantCulture) + ").");
            }
        }

        private sealed class ElfSection
        {
            public ElfSection(uint type, long offset, long size, uint link, long entrySize)
            {
                Type = type;
                Offset = offset;
                Size = size;
                Link = link;
                EntrySize = entrySize;
            }

            public uint Type { get; }

            public long Offset { get; }

            public long Size { get; }

            public uint Link { get; }

            public long EntrySize { get; }
        }
    }

#if !PERCEPTI_CORE_LIBRARY
    /// <summary>
    /// MSBuild task: in every <c>libLibTorchSharp.so</c> under <see cref="Directory"/>, marks weak the
    /// libstdc++ version needs the host cannot satisfy, but only when every symbol bound to them is a
    /// known never-called anchor. Hosts with a new enough libstdc++ are left untouched.
    /// </summary>
    public sealed class PatchLibStdCxxVersionNeeds : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public string Directory { get; set; } = string.Empty;

        public override bool Execute()
        {
            if (!System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Linux)
                || !System.IO.Directory.Exists(Directory))
            {
                return true;
            }

            string[] files = System.IO.Directory.GetFiles(Directory, "libLibTorchSharp.so", SearchOption.AllDirectories);
            if (files.Length == 0)
            {
                return true;
            }

            string? host = ElfSymbolVersions.FindHostLibrary("libstdc++.so.6");
            if (host == null)
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, "Percepti.Core: no system libstdc++.so.6 found; native libraries left as they are.");
                return true;
            }

            var hostVersions = ElfSymbolVersions.ReadVersionDefinitions(File.ReadAllBytes(host));
            foreach (string file in files)
            {
                var missing = ElfSymbolVersions.FindMissing(File.ReadAllBytes(file), "libstdc++.so.6", hostVersions);
                if (missing.Count == 0)
                {
                    continue;
                }

                var blocking = missing.Where(n => !ElfSymbolVersions.OnlyAnchorSymbols(n)).ToList();
                if (blocking.Count > 0)
                {
                    Log.LogWarning(
                        "Percepti.Core: {0} needs {1} from libstdc++.so.6, which {2} does not provide, for symbols that are really called ({3}). Install a newer libstdc++; the file was left unchanged.",
                        file,
                        string.Join(", ", blocking.Select(n => n.Version)),
                        host,
                        string.Join(", ", blocking.SelectMany(n => n.Symbols).Take(5)));
                    continue;
                }

                ElfSymbolVersions.MarkWeak(file, missing);
                Log.LogMessage(
                    Microsoft.Build.Framework.MessageImportance.High,
                    "Percepti.Core: marked {0} weak in {1} (only the never-called anchor {2} needs it; host {3} stops at {4}).",
                    string.Join(", ", missing.Select(n => n.Version)),
                    file,
                    string.Join(", ", missing.SelectMany(n => n.Symbols).Distinct()),
                    host,
                    ElfSymbolVersions.HighestVersion(hostVersions, "GLIBCXX_") ?? "an unknown version");
            }

            return true;
        }
    }
#endif
}
