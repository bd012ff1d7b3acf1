using System.Buffers.Binary;
using System.Text;

namespace SparshRobot.NativePatch.Elf;

/// <summary>One version a shared object requires from one of its dependencies (an Elf64_Vernaux entry).</summary>
/// <param name="File">The dependency's name, e.g. <c>libstdc++.so.6</c>.</param>
/// <param name="Version">The version name, e.g. <c>GLIBCXX_3.4.32</c>.</param>
/// <param name="Flags">vna_flags; <see cref="ElfImage.VerFlagWeak"/> makes a missing version non-fatal.</param>
/// <param name="FlagsOffset">File offset of the 16-bit vna_flags field.</param>
public sealed record VersionNeed(string File, string Version, ushort Flags, long FlagsOffset)
{
    public bool IsWeak => (Flags & ElfImage.VerFlagWeak) != 0;
}

/// <summary>
/// A read-only view of a 64-bit little-endian ELF shared object, enough to read its symbol-version tables.
/// Tables are found through the dynamic segment (DT_VERNEED, DT_VERDEF, DT_STRTAB) like the dynamic loader
/// does, so stripped section headers do not matter.
/// </summary>
public sealed class ElfImage
{
    public const ushort VerFlagWeak = 0x2;

    private const uint PtLoad = 1;
    private const uint PtDynamic = 2;
    private const long DtNull = 0;
    private const long DtStrtab = 5;
    private const long DtStrsz = 10;
    private const long DtVerdef = 0x6ffffffc;
    private const long DtVerdefnum = 0x6ffffffd;
    private const long DtVerneed = 0x6ffffffe;
    private const long DtVerneednum = 0x6fffffff;

    private readonly byte[] _data;
    private readonly List<(ulong VAddr, ulong Offset, ulong FileSize)> _loads = [];
    private readonly Dictionary<long, ulong> _dynamic = [];

    public string Name { get; }

    private ElfImage(string name, byte[] data)
    {
        Name = name;
        _data = data;
        ReadHeaders();
    }

    public static ElfImage Load(string path) => Parse(path, File.ReadAllBytes(path));

    public static ElfImage Parse(string name, byte[] data) => new(name, data);

    /// <summary>Every version required from a dependency, in table order.</summary>
    public IReadOnlyList<VersionNeed> VersionNeeds()
    {
        var result = new List<VersionNeed>();
        if (!_dynamic.TryGetValue(DtVerneed, out var verneedAddr))
        {
            return result;
        }
        var count = _dynamic.GetValueOrDefault(DtVerneednum);
        var entry = ToOffset(verneedAddr, "DT_VERNEED");
        for (ulong i = 0; i < count; i++)
        {
            // Elf64_Verneed: u16 vn_version, u16 vn_cnt, u32 vn_file, u32 vn_aux, u32 vn_next
            Require(entry, 16, "Elf64_Verneed");
            var auxCount = U16(entry + 2);
            var file = DynString(U32(entry + 4));
            var aux = entry + U32(entry + 8);
            for (var j = 0; j < auxCount; j++)
            {
                // Elf64_Vernaux: u32 vna_hash, u16 vna_flags, u16 vna_other, u32 vna_name, u32 vna_next
                Require(aux, 16, "Elf64_Vernaux");
                result.Add(new VersionNeed(file, DynString(U32(aux + 8)), U16(aux + 4), aux + 4));
                var nextAux = U32(aux + 12);
                if (nextAux == 0)
                {
                    break;
                }
                aux += nextAux;
            }
            var next = U32(entry + 12);
            if (next == 0)
            {
                break;
            }
            entry += next;
        }
        return result;
    }

    /// <summary>Every version this object defines (DT_VERDEF), e.g. the GLIBCXX_* names of libstdc++.</summary>
    public IReadOnlyList<string> VersionDefinitions()
    {
        var result = new List<string>();
        if (!_dynamic.TryGetValue(DtVerdef, out var verdefAddr))
        {
            return result;
        }
        var count = _dynamic.GetValueOrDefault(DtVerdefnum);
        var entry = ToOffset(verdefAddr, "DT_VERDEF");
        for (ulong i = 0; i < count; i++)
        {
            // Elf64_Verdef: u16 vd_version, u16 vd_flags, u16 vd_ndx, u16 vd_cnt, u32 vd_hash, u32 vd_aux, u32 vd_next
            Require(entry, 20, "Elf64_Verdef");
            if (U16(entry + 6) > 0)
            {
                // The first Elf64_Verdaux (u32 vda_name, u32 vda_next) names the version itself.
                var aux = entry + U32(entry + 12);
                Require(aux, 8, "Elf64_Verdaux");
                result.Add(DynString(U32(aux)));
            }
            var next = U32(entry + 16);
            if (next == 0)
            {
                break;
            }
            entry += next;
        }
        return result;
    }

    private void ReadHeaders()
    {
        if (_data.Length < 4 || _data[0] != 0x7f || _data[1] != (byte)'E' || _data[2] != (byte)'L' || _data[3] != (byte)'F')
        {
            throw new ElfFormatException($"{Name}: not an ELF file (expected magic 7F 45 4C 46 at offset 0).");
        }
        if (_data.Length < 64)
        {
            throw new ElfFormatException($"{Name}: truncated ELF header ({_data.Length} bytes, expected at least 64).");
        }
        if (_data[4] != 2)
        {
            throw new ElfFormatException($"{Name}: ELF class {_data[4]} is not supported (expected 2, 64-bit).");
        }
        if (_data[5] != 1)
        {
            throw new ElfFormatException($"{Name}: ELF data encoding {_data[5]} is not supported (expected 1, little-endian).");
        }
        var phoff = U64(32);
        var phentsize = U16(54);
        var phnum = U16(56);
        if (phentsize < 56)
        {
            throw new ElfFormatException($"{Name}: program header entry size {phentsize} (expected 56).");
        }
        ulong? dynamicOffset = null;
        ulong dynamicSize = 0;
        for (var i = 0; i < phnum; i++)
        {
            var ph = (long)phoff + (long)i * phentsize;
            Require(ph, 56, "program header");
            var type = U32(ph);
            var offset = U64(ph + 8);
            var vaddr = U64(ph + 16);
            var filesz = U64(ph + 32);
            if (type == PtLoad)
            {
                _loads.Add((vaddr, offset, filesz));
            }
            else if (type == PtDynamic)
            {
                dynamicOffset = offset;
                dynamicSize = filesz;
            }
        }
        if (dynamicOffset is not { } dynOff)
        {
            return; // A static executable: no version tables.
        }
        for (ulong pos = 0; pos + 16 <= dynamicSize; pos += 16)
        {
            var at = (long)(dynOff + pos);
            Require(at, 16, "dynamic entry");
            var tag = (long)U64(at);
            if (tag == DtNull)
            {
                break;
            }
            _dynamic[tag] = U64(at + 8);
        }
    }

    private string DynString(uint index)
    {
        if (!_dynamic.TryGetValue(DtStrtab, out var strtab))
        {
            throw new ElfFormatException($"{Name}: version tables present but no DT_STRTAB.");
        }
        if (_dynamic.TryGetValue(DtStrsz, out var size) && index >= size)
        {
            throw new ElfFormatException($"{Name}: string index {index} is past DT_STRSZ {size}.");
        }
        var start = ToOffset(strtab, "DT_STRTAB") + index;
        Require(start, 1, "dynamic string");
        var end = Array.IndexOf(_data, (byte)0, (int)start);
        if (end < 0)
        {
            throw new ElfFormatException($"{Name}: unterminated dynamic string at offset {start} (file truncated?).");
        }
        return Encoding.ASCII.GetString(_data, (int)start, end - (int)start);
    }

    private long ToOffset(ulong vaddr, string what)
    {
        foreach (var (start, offset, size) in _loads)
        {
            if (vaddr >= start && vaddr < start + size)
            {
                return (long)(vaddr - start + offset);
            }
        }
        throw new ElfFormatException($"{Name}: {what} address 0x{vaddr:x} lies in no loadable segment.");
    }

    private void Require(long offset, int length, string what)
    {
        if (offset < 0 || offset + length > _data.Length)
        {
            throw new ElfFormatException(
                $"{Name}: {what} at offset {offset} needs {length} bytes but the file has {_data.Length} (truncated?).");
        }
    }

    private ushort U16(long at)
    {
        Require(at, 2, "u16");
        return BinaryPrimitives.ReadUInt16LittleEndian(_data.AsSpan((int)at));
    }

    private uint U32(long at)
    {
        Require(at, 4, "u32");
        return BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan((int)at));
    }

    private ulong U64(long at)
    {
        Require(at, 8, "u64");
        return BinaryPrimitives.ReadUInt64LittleEndian(_data.AsSpan((int)at));
    }
}
