#nullable enable
// The TorchSharp native load fix for Linux systems whose libstdc++ is older than the one
// libLibTorchSharp.so was linked against. Compiled by MSBuild's RoslynCodeTaskFactory from
// GlobalObjectives.TorchSharpFix.targets; the ELF logic is also compiled into the tests (ELF_ONLY).
//
// Why it is safe: TorchSharp 0.107.0's libLibTorchSharp.so declares a need for GLIBCXX_3.4.32, and the
// only symbol bound to that version is std::ios_base_library_init(), a link-time marker that the
// library never calls (no relocation refers to it). Marking that one version need weak
// (VER_FLG_WEAK in its .gnu.version_r entry) lets the dynamic loader accept an older libstdc++.
// The patch is refused when any symbol bound to the version is actually relocated.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace GlobalObjectives.Build
{
    /// <summary>What <see cref="ElfVersionNeedPatcher.Analyze"/> found about one version need.</summary>
    public sealed class VersionNeedReport
    {
        /// <summary>False when the file does not need the version at all.</summary>
        public bool NeedsVersion { get; set; }

        /// <summary>True when the need is already weak.</summary>
        public bool AlreadyWeak { get; set; }

        /// <summary>File offset of the vna_flags field of the Vernaux entry, or -1.</summary>
        public long FlagsOffset { get; set; } = -1;

        /// <summary>Names of dynamic symbols bound to the version.</summary>
        public List<string> BoundSymbols { get; } = new List<string>();

        /// <summary>Names of bound symbols that some relocation refers to (these make the patch unsafe).</summary>
        public List<string> RelocatedSymbols { get; } = new List<string>();
    }

    /// <summary>Reads and patches the symbol-version tables of a little-endian ELF64 shared object.</summary>
    public static class ElfVersionNeedPatcher
    {
        private const uint ShtRela = 4;
        private const uint ShtRel = 9;
        private const uint ShtDynsym = 11;
        private const uint ShtGnuVerdef = 0x6ffffffd;
        private const uint ShtGnuVerneed = 0x6ffffffe;
        private const uint ShtGnuVersym = 0x6fffffff;
        private const ushort VerFlagWeak = 0x2;

        private readonly struct Section
        {
            public Section(uint type, long offset, long size, uint link, uint info, long entSize)
            {
                Type = type; Offset = offset; Size = size; Link = link; Info = info; EntSize = entSize;
            }

            public uint Type { get; }
            public long Offset { get; }
            public long Size { get; }
            public uint Link { get; }
            public uint Info { get; }
            public long EntSize { get; }
        }

        /// <summary>True when <paramref name="elf"/> defines the symbol version <paramref name="version"/> (.gnu.version_d).</summary>
        public static bool DefinesVersion(byte[] elf, string version)
        {
            var sections = ReadSections(elf);
            foreach (var verdef in sections)
            {
                if (verdef.Type != ShtGnuVerdef) continue;
                long strtab = sections[(int)verdef.Link].Offset;
                long entry = verdef.Offset;
                for (uint i = 0; i < verdef.Info; i++)
                {
                    ushort auxCount = U16(elf, entry + 6);
                    long aux = entry + U32(elf, entry + 12);
                    for (int a = 0; a < auxCount; a++)
                    {
                        if (CString(elf, strtab + U32(elf, aux)) == version) return true;
                        aux += U32(elf, aux + 4);
                    }
                    uint next = U32(elf, entry + 16);
                    if (next == 0) break;
                    entry += next;
                }
            }
            return false;
        }

        /// <summary>Finds the need for <paramref name="version"/>, the symbols bound to it, and whether any is relocated.</summary>
        public static VersionNeedReport Analyze(byte[] elf, string version)
        {
            var report = new VersionNeedReport();
            var sections = ReadSections(elf);
            ushort versionIndex = 0;
            foreach (var verneed in sections)
            {
                if (verneed.Type != ShtGnuVerneed) continue;
                long strtab = sections[(int)verneed.Link].Offset;
                long entry = verneed.Offset;
                for (uint i = 0; i < verneed.Info; i++)
                {
                    ushort auxCount = U16(elf, entry + 2);
                    long aux = entry + U32(elf, entry + 8);
                    for (int a = 0; a < auxCount; a++)
                    {
                        if (CString(elf, strtab + U32(elf, aux + 8)) == version)
                        {
                            report.NeedsVersion = true;
                            report.FlagsOffset = aux + 4;
                            report.AlreadyWeak = (U16(elf, aux + 4) & VerFlagWeak) != 0;
                            versionIndex = U16(elf, aux + 6);
                        }
                        aux += U32(elf, aux + 12);
                    }
                    uint next = U32(elf, entry + 12);
                    if (next == 0) break;
                    entry += next;
                }
            }
            if (!report.NeedsVersion) return report;

            // Symbols whose .gnu.version entry (hidden bit masked off) names the version index.
            var boundIndices = new HashSet<long>();
            foreach (var versym in sections)
            {
                if (versym.Type != ShtGnuVersym) continue;
                var dynsym = sections[(int)versym.Link];
                long dynstr = sections[(int)dynsym.Link].Offset;
                long count = versym.Size / 2;
                for (long s = 0; s < count; s++)
                {
                    if ((U16(elf, versym.Offset + 2 * s) & 0x7fff) != versionIndex) continue;
                    boundIndices.Add(s);
                    report.BoundSymbols.Add(CString(elf, dynstr + U32(elf, dynsym.Offset + s * 24)));
                }
            }

            // Any REL/RELA entry against the dynamic symbol table whose symbol index is bound.
            foreach (var rel in sections)
            {
                if (rel.Type != ShtRela && rel.Type != ShtRel) continue;
                var symtab = sections[(int)rel.Link];
                if (symtab.Type != ShtDynsym) continue;
                long dynstr = sections[(int)symtab.Link].Offset;
                long entSize = rel.EntSize != 0 ? rel.EntSize : (rel.Type == ShtRela ? 24 : 16);
                for (long r = rel.Offset; r + entSize <= rel.Offset + rel.Size; r += entSize)
                {
                    long symIndex = (long)(U64(elf, r + 8) >> 32);
                    if (!boundIndices.Contains(symIndex)) continue;
                    string name = CString(elf, dynstr + U32(elf, symtab.Offset + symIndex * 24));
                    if (!report.RelocatedSymbols.Contains(name)) report.RelocatedSymbols.Add(name);
                }
            }
            return report;
        }

        /// <summary>Sets VER_FLG_WEAK on the need found by <see cref="Analyze"/>. Returns false when nothing changed.</summary>
        public static bool MarkWeak(byte[] elf, VersionNeedReport report)
        {
            if (!report.NeedsVersion || report.AlreadyWeak) return false;
            ushort flags = U16(elf, report.FlagsOffset);
            flags |= VerFlagWeak;
            elf[report.FlagsOffset] = (byte)(flags & 0xff);
            elf[report.FlagsOffset + 1] = (byte)(flags >> 8);
            return true;
        }

        private static List<Section> ReadSections(byte[] elf)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (elf[4] != 2 || elf[5] != 1)
                throw new InvalidDataException("only little-endian 64-bit ELF files are supported");
            ulong tableOffset = U64(elf, 0x28);
            ushort shentsize = U16(elf, 0x3A);
            ushort shnum = U16(elf, 0x3C);
            if (shentsize < 64 || tableOffset < 64 || tableOffset > (ulong)elf.Length
                || (ulong)elf.Length - tableOffset < (ulong)shnum * shentsize)
                throw new InvalidDataException(
                    $"the section header table ({shnum} entries of {shentsize} bytes at offset {tableOffset}) does not fit in the {elf.Length}-byte file; it is truncated or not a valid ELF64 file");
            long shoff = (long)tableOffset;
            var sections = new List<Section>(shnum);
            for (int i = 0; i < shnum; i++)
            {
                long h = shoff + (long)i * shentsize;
                sections.Add(new Section(
                    type: U32(elf, h + 4),
                    offset: (long)U64(elf, h + 24),
                    size: (long)U64(elf, h + 32),
                    link: U32(elf, h + 40),
                    info: U32(elf, h + 44),
                    entSize: (long)U64(elf, h + 56)));
            }
            return sections;
        }

        private static ushort U16(byte[] d, long o) => (ushort)(d[o] | d[o + 1] << 8);

        private static uint U32(byte[] d, long o) => (uint)(d[o] | d[o + 1] << 8 | d[o + 2] << 16 | d[o + 3] << 24);

        private static ulong U64(byte[] d, long o) => U32(d, o) | (ulong)U32(d, o + 4) << 32;

        private static string CString(byte[] d, long o)
        {
            long end = o;
            while (end < d.Length && d[end] != 0) end++;
            return Encoding.ASCII.GetString(d, (int)o, (int)(end - o));
        }
    }

    /// <summary>Locates the libstdc++ the dynamic loader would pick.</summary>
    public static class SystemLibStdCxx
    {
        private static readonly string[] StandardDirectories =
        {
            "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
            "/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib",
        };

        /// <summary>The first libstdc++.so.6 on LD_LIBRARY_PATH, then in the standard directories; null if none.</summary>
        public static string? Find(string? ldLibraryPath)
        {
            var directories = new List<string>();
            if (!string.IsNullOrEmpty(ldLibraryPath))
                directories.AddRange(ldLibraryPath!.Split(new[] { ':' }, StringSplitOptions.RemoveEmptyEntries));
            directories.AddRange(StandardDirectories);
            foreach (var directory in directories)
            {
                string candidate = Path.Combine(directory, "libstdc++.so.6");
                if (File.Exists(candidate)) return candidate;
            }
            return null;
        }
    }
}

#if !ELF_ONLY
namespace GlobalObjectives.Build
{
    using Microsoft.Build.Framework;
    using Microsoft.Build.Utilities;

    /// <summary>
    /// Marks the GLIBCXX_3.4.32 version need of the libLibTorchSharp.so copies in an output folder weak,
    /// when the system libstdc++ lacks that version and the patch is provably safe.
    /// </summary>
    public sealed class PatchLibTorchSharpGlibcxx : Task
    {
        private const string Version = "GLIBCXX_3.4.32";

        /// <summary>The libLibTorchSharp.so files in the build or publish output (never the NuGet cache).</summary>
        [Required]
        public ITaskItem[] Libraries { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>Optional path of the libstdc++ to check; by default the one the loader would find.</summary>
        public string? LibStdCxxPath { get; set; }

        public override bool Execute()
        {
            if (Libraries.Length == 0) return true;
            string? libstdcxx = string.IsNullOrEmpty(LibStdCxxPath)
                ? SystemLibStdCxx.Find(Environment.GetEnvironmentVariable("LD_LIBRARY_PATH"))
                : LibStdCxxPath;
            if (libstdcxx == null || !File.Exists(libstdcxx))
            {
                Log.LogMessage(MessageImportance.Normal, "GlobalObjectives: no system libstdc++.so.6 found; libLibTorchSharp.so left as shipped.");
                return true;
            }
            if (ElfVersionNeedPatcher.DefinesVersion(File.ReadAllBytes(libstdcxx), Version))
            {
                Log.LogMessage(MessageImportance.Low, $"GlobalObjectives: {libstdcxx} provides {Version}; no patch needed.");
                return true;
            }

            foreach (var item in Libraries)
            {
                string path = item.GetMetadata("FullPath");
                if (!File.Exists(path)) continue;
                if (!PatchOne(path, libstdcxx)) return false;
            }
            return !Log.HasLoggedErrors;
        }

        private bool PatchOne(string path, string libstdcxx)
        {
            byte[] elf = File.ReadAllBytes(path);
            VersionNeedReport report;
            try
            {
                report = ElfVersionNeedPatcher.Analyze(elf, Version);
            }
            catch (Exception e) when (e is InvalidDataException || e is IndexOutOfRangeException || e is ArgumentException)
            {
                Log.LogError($"GlobalObjectives: cannot read {path} as an ELF64 library ({e.Message}). Install a libstdc++ that provides {Version} (GCC 13 or newer) instead.");
                return false;
            }
            if (!report.NeedsVersion || report.AlreadyWeak)
            {
                Log.LogMessage(MessageImportance.Low, $"GlobalObjectives: {path} needs no patch.");
                return true;
            }
            if (report.RelocatedSymbols.Count > 0)
            {
                Log.LogError(
                    $"GlobalObjectives: {path} needs {Version}, which {libstdcxx} lacks, and the symbols bound to it " +
                    $"({string.Join(", ", report.RelocatedSymbols)}) are relocated, so marking the need weak is not safe. " +
                    $"Install a libstdc++ that provides {Version} (GCC 13 or newer, for example from Debian testing or a " +
                    "newer distribution), or put one on LD_LIBRARY_PATH.");
                return false;
            }

            ElfVersionNeedPatcher.MarkWeak(elf, report);
            // Write a new file and move it into place: the output copy may be a hard link into the NuGet cache.
            string temporary = path + ".goweak.tmp";
            File.WriteAllBytes(temporary, elf);
            File.Delete(path);
            File.Move(temporary, path);
            Log.LogMessage(MessageImportance.High,
                $"GlobalObjectives: marked the {Version} need of {path} weak ({libstdcxx} lacks it; bound symbols, none relocated: {string.Join(", ", report.BoundSymbols)}).");
            return true;
        }
    }
}
#endif
