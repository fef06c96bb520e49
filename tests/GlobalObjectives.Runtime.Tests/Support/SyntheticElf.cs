using System.Text;

namespace GlobalObjectives.Runtime.Tests.Support;

/// <summary>
/// Writes a tiny little-endian ELF64 image holding only the tables the version-need patcher reads: .dynstr,
/// .dynsym, .gnu.version, .gnu.version_r, optionally .gnu.version_d, and one REL or RELA section.
/// </summary>
internal sealed class SyntheticElf
{
    private const uint ShtStrtab = 3;
    private const uint ShtRela = 4;
    private const uint ShtRel = 9;
    private const uint ShtDynsym = 11;
    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const uint ShtGnuVersym = 0x6fffffff;

    /// <summary>Dynamic symbols after the null symbol 0: name and .gnu.version entry (index, possibly with the hidden bit 0x8000).</summary>
    public List<(string Name, ushort Version)> Symbols { get; } = new();

    /// <summary>Verneed entries: a needed file and its versions (name, index, flags).</summary>
    public List<(string File, (string Name, ushort Index, ushort Flags)[] Versions)> Needs { get; } = new();

    /// <summary>Version definitions (.gnu.version_d); none means no such section.</summary>
    public List<string> Definitions { get; } = new();

    /// <summary>Dynamic-symbol indices that relocations refer to.</summary>
    public List<uint> RelocatedSymbols { get; } = new();

    /// <summary>REL (16-byte entries) instead of RELA (24-byte entries).</summary>
    public bool UseRel { get; set; }

    /// <summary>The ELF image.</summary>
    public byte[] Build()
    {
        var strings = new StringTable();
        // .dynsym: null symbol, then the symbols.
        var dynsym = new MemoryStream();
        var w = new BinaryWriter(dynsym);
        w.Write(new byte[24]);
        foreach (var (name, _) in Symbols)
        {
            w.Write(strings.Add(name));
            w.Write((byte)0x12); w.Write((byte)0); w.Write((ushort)0);   // global function, undefined
            w.Write(0UL); w.Write(0UL);
        }

        var versym = new MemoryStream();
        w = new BinaryWriter(versym);
        w.Write((ushort)0);
        foreach (var (_, version) in Symbols) w.Write(version);

        var verneed = new MemoryStream();
        w = new BinaryWriter(verneed);
        for (int n = 0; n < Needs.Count; n++)
        {
            var (file, versions) = Needs[n];
            bool last = n == Needs.Count - 1;
            w.Write((ushort)1); w.Write((ushort)versions.Length); w.Write(strings.Add(file));
            w.Write(16u);                                                   // vn_aux
            w.Write(last ? 0u : (uint)(16 + 16 * versions.Length));         // vn_next
            for (int a = 0; a < versions.Length; a++)
            {
                var (name, index, flags) = versions[a];
                w.Write(0u); w.Write(flags); w.Write(index); w.Write(strings.Add(name));
                w.Write(a == versions.Length - 1 ? 0u : 16u);               // vna_next
            }
        }

        var verdef = new MemoryStream();
        w = new BinaryWriter(verdef);
        for (int d = 0; d < Definitions.Count; d++)
        {
            bool last = d == Definitions.Count - 1;
            w.Write((ushort)1); w.Write((ushort)(d == 0 ? 1 : 0)); w.Write((ushort)(d + 1)); w.Write((ushort)1);
            w.Write(0u); w.Write(20u); w.Write(last ? 0u : 28u);           // vd_hash, vd_aux, vd_next
            w.Write(strings.Add(Definitions[d])); w.Write(0u);             // Verdaux
        }

        var relocations = new MemoryStream();
        w = new BinaryWriter(relocations);
        ulong offset = 0x1000;
        foreach (uint symbol in RelocatedSymbols)
        {
            w.Write(offset += 8);
            w.Write(((ulong)symbol << 32) | 6u);                            // R_X86_64_GLOB_DAT
            if (!UseRel) w.Write(0L);
        }

        var sections = new List<(uint Type, byte[] Data, uint Link, uint Info, ulong EntSize)>
        {
            (0, Array.Empty<byte>(), 0, 0, 0),
            (ShtStrtab, Array.Empty<byte>(), 0, 0, 0),                      // filled below, after every string is added
            (ShtDynsym, dynsym.ToArray(), 1, 1, 24),
            (ShtGnuVersym, versym.ToArray(), 2, 0, 2),
            (ShtGnuVerneed, verneed.ToArray(), 1, (uint)Needs.Count, 0),
            (UseRel ? ShtRel : ShtRela, relocations.ToArray(), 2, 0, UseRel ? 16UL : 24UL),
        };
        if (Definitions.Count > 0) sections.Add((ShtGnuVerdef, verdef.ToArray(), 1, (uint)Definitions.Count, 0));
        sections[1] = (ShtStrtab, strings.ToArray(), 0, 0, 0);

        var image = new MemoryStream();
        w = new BinaryWriter(image);
        w.Write(new byte[64]);
        var offsets = new long[sections.Count];
        for (int s = 1; s < sections.Count; s++)
        {
            while (image.Length % 8 != 0) w.Write((byte)0);
            offsets[s] = image.Length;
            w.Write(sections[s].Data);
        }
        while (image.Length % 8 != 0) w.Write((byte)0);
        long sectionHeaders = image.Length;
        for (int s = 0; s < sections.Count; s++)
        {
            var (type, data, link, info, entSize) = sections[s];
            w.Write(0u); w.Write(type); w.Write(0UL); w.Write(0UL);
            w.Write((ulong)offsets[s]); w.Write((ulong)data.Length);
            w.Write(link); w.Write(info); w.Write(8UL); w.Write(entSize);
        }

        var bytes = image.ToArray();
        bytes[0] = 0x7f; bytes[1] = (byte)'E'; bytes[2] = (byte)'L'; bytes[3] = (byte)'F';
        bytes[4] = 2; bytes[5] = 1; bytes[6] = 1;                          // ELFCLASS64, little-endian, version 1
        BitConverter.TryWriteBytes(bytes.AsSpan(0x10), (ushort)3);          // ET_DYN
        BitConverter.TryWriteBytes(bytes.AsSpan(0x12), (ushort)62);         // EM_X86_64
        BitConverter.TryWriteBytes(bytes.AsSpan(0x28), (ulong)sectionHeaders);
        BitConverter.TryWriteBytes(bytes.AsSpan(0x34), (ushort)64);         // e_ehsize
        BitConverter.TryWriteBytes(bytes.AsSpan(0x3A), (ushort)64);         // e_shentsize
        BitConverter.TryWriteBytes(bytes.AsSpan(0x3C), (ushort)sections.Count);
        return bytes;
    }

    private sealed class StringTable
    {
        private readonly MemoryStream _data = new();
        private readonly Dictionary<string, uint> _offsets = new(StringComparer.Ordinal);

        public StringTable() => _data.WriteByte(0);

        public uint Add(string value)
        {
            if (_offsets.TryGetValue(value, out uint existing)) return existing;
            uint offset = (uint)_data.Length;
            var bytes = Encoding.ASCII.GetBytes(value);
            _data.Write(bytes, 0, bytes.Length);
            _data.WriteByte(0);
            _offsets[value] = offset;
            return offset;
        }

        public byte[] ToArray() => _data.ToArray();
    }
}
