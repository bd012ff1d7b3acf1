using System.Buffers.Binary;
using System.IO.Hashing;

namespace SparshRobot.Mcap;

/// <summary>How strictly a reader treats a file.</summary>
public sealed record McapReadOptions
{
    /// <summary>Check the data-section CRC (DataEnd), chunk CRCs, the summary CRC and attachment CRCs when stored
    /// (a stored zero means "not computed" per the spec).</summary>
    public bool ValidateCrcs { get; init; } = true;

    /// <summary>A file that ends early (a recording killed before its summary was written) is read up to its last
    /// complete record and <see cref="McapStreamReader.Warning"/> says so; that includes the complete records at the
    /// start of a torn uncompressed chunk. When false it is an error.</summary>
    public bool AllowTruncated { get; init; } = true;

    /// <summary>Also yield the Chunk record itself before its decompressed contents.</summary>
    public bool IncludeChunkRecords { get; init; }

    public static McapReadOptions Default { get; } = new();
}

/// <summary>Reads every record of an MCAP stream in file order: the data section with chunks decompressed in
/// place, then the summary section and footer. Works on non-seekable streams (a pipe, a file still being
/// written). Record bodies are fresh arrays, so records stay valid after iteration moves on.</summary>
/// <remarks>A file that ends inside an uncompressed chunk (a streamed chunk whose writer was killed, whose length
/// is still <see cref="McapChunk.UnfinishedLength"/>, or a complete chunk cut short) yields the complete records
/// at the start of that chunk as if they were top-level ones, at their file offsets with
/// <see cref="McapRecord.InChunk"/> false: the chunk never finished, so there is no chunk to put them in. A
/// compressed chunk cut short is dropped whole.</remarks>
public sealed class McapStreamReader
{
    public static ReadOnlySpan<byte> Magic => [0x89, (byte)'M', (byte)'C', (byte)'A', (byte)'P', (byte)'0', 0x0D, 0x0A];

    private readonly Stream _stream;
    private readonly string _name;
    private readonly McapReadOptions _options;
    private readonly long? _fileLength;
    private readonly bool _fileComplete;
    private long _position;

    public McapStreamReader(Stream stream, string name, McapReadOptions? options = null)
    {
        _stream = stream;
        _name = name;
        _options = options ?? McapReadOptions.Default;
        if (stream.CanSeek)
        {
            _fileLength = stream.Length - stream.Position;
            _fileComplete = EndsWithMagic(stream);
        }
    }

    /// <summary>Set when the file ended early; says where and what was kept.</summary>
    public string? Warning { get; private set; }

    public bool Truncated => Warning is not null;

    /// <summary>File offset just past the last complete record read (top-level, or salvaged from a torn chunk).</summary>
    public long LastCompleteRecordEnd { get; private set; }

    /// <summary>True once the footer and closing magic were read.</summary>
    public bool ReachedEnd { get; private set; }

    public static McapStreamReader Open(string path, McapReadOptions? options = null) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16), path, options);

    public IEnumerable<McapRecord> ReadRecords()
    {
        var magic = new byte[8];
        int got = ReadFully(magic);
        if (got < 8 || !magic.AsSpan().SequenceEqual(Magic))
        {
            throw new McapFormatException(_name, 0, got < 8
                ? $"file is {got} bytes, too short for the 8-byte MCAP magic"
                : $"bad magic {Convert.ToHexString(magic)} (expected {Convert.ToHexString(Magic)}): not an MCAP file");
        }

        LastCompleteRecordEnd = 8;
        var dataCrc = new Crc32();
        dataCrc.Append(magic);
        Crc32? summaryCrc = null;
        long summaryCrcStart = -1;
        var head = new byte[9];
        bool inData = true;
        while (true)
        {
            long offset = _position;
            got = ReadFully(head);
            if (got < 9)
            {
                EndEarly(offset, got == 0 ? "before the footer" : "inside a record header");
                yield break;
            }

            byte opcode = head[0];
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(head.AsSpan(1));
            long remaining = _fileLength is { } fl ? fl - _position : long.MaxValue;
            bool unfinished = opcode == (byte)McapOpcode.Chunk && length == McapChunk.UnfinishedLength;
            if (unfinished || length > (ulong)Math.Min(remaining, int.MaxValue - 64))
            {
                if (!unfinished
                    && !(length <= int.MaxValue && _fileLength is not null && !_fileComplete && _options.AllowTruncated))
                {
                    throw new McapFormatException(_name, offset,
                        $"{(McapOpcode)opcode} record declares length {length}, past the end of the file ({remaining} bytes remain)");
                }

                string where = unfinished
                    ? "inside a Chunk record its writer never finished, its length still the placeholder"
                    : $"inside a {(McapOpcode)opcode} record that declares {length} bytes";
                foreach (var r in EndInside(offset, opcode, where, () => ReadToEnd(offset)))
                {
                    yield return r;
                }

                yield break;
            }

            var body = new byte[length];
            got = ReadFully(body);
            if (got < body.Length)
            {
                if (!_options.AllowTruncated)
                {
                    throw new McapFormatException(_name, offset,
                        $"{(McapOpcode)opcode} record declares length {length} but the file ends after {got} bytes of it");
                }

                foreach (var r in EndInside(offset, opcode,
                             $"inside a {(McapOpcode)opcode} record ({got} of {length} bytes present)", () => body.AsMemory(0, got)))
                {
                    yield return r;
                }

                yield break;
            }

            var record = McapRecordParser.Parse(opcode, body, _name, offset);
            if (record is McapDataEnd de)
            {
                inData = false;
                if (_options.ValidateCrcs && de.DataSectionCrc != 0 && dataCrc.GetCurrentHashAsUInt32() != de.DataSectionCrc)
                {
                    throw new McapFormatException(_name, offset,
                        $"data section CRC mismatch: DataEnd stores {de.DataSectionCrc}, computed {dataCrc.GetCurrentHashAsUInt32()}");
                }

                summaryCrc = new Crc32();
                summaryCrcStart = _position;
            }
            else if (inData)
            {
                dataCrc.Append(head);
                dataCrc.Append(body);
            }

            if (record is McapFooter footer)
            {
                if (summaryCrc is not null && _options.ValidateCrcs && footer.SummaryCrc != 0
                    && (footer.SummaryStart == 0 || (long)footer.SummaryStart == summaryCrcStart))
                {
                    summaryCrc.Append(head);
                    summaryCrc.Append(body.AsSpan(0, 16));
                    if (summaryCrc.GetCurrentHashAsUInt32() != footer.SummaryCrc)
                    {
                        throw new McapFormatException(_name, offset,
                            $"summary CRC mismatch: footer stores {footer.SummaryCrc}, computed {summaryCrc.GetCurrentHashAsUInt32()}");
                    }
                }

                LastCompleteRecordEnd = _position;
                yield return record;
                got = ReadFully(magic);
                if (got < 8 || !magic.AsSpan().SequenceEqual(Magic))
                {
                    if (!_options.AllowTruncated || got == 8)
                    {
                        throw new McapFormatException(_name, _position - got, "footer is not followed by the MCAP magic");
                    }

                    EndEarly(_position - got, "inside the closing magic");
                    yield break;
                }

                ReachedEnd = true;
                yield break;
            }

            if (record is not McapDataEnd)
            {
                summaryCrc?.Append(head);
                summaryCrc?.Append(body);
            }

            LastCompleteRecordEnd = _position;
            if (record is McapChunk chunk)
            {
                if (_options.IncludeChunkRecords)
                {
                    yield return chunk;
                }

                foreach (var inner in ReadChunk(chunk, _name, _options))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return record;
            }
        }
    }

    /// <summary>Decompresses a chunk, checks its CRC and parses its records (offsets relative to the chunk's
    /// uncompressed records).</summary>
    public static IEnumerable<McapRecord> ReadChunk(McapChunk chunk, string name, McapReadOptions options)
    {
        var records = DecompressChunk(chunk, name, options);
        return ParseRecords(records, name, chunk.Offset);
    }

    internal static ReadOnlyMemory<byte> DecompressChunk(McapChunk chunk, string name, McapReadOptions options)
    {
        if (chunk.UncompressedSize > int.MaxValue)
        {
            throw new McapFormatException(name, chunk.Offset, $"chunk uncompressed_size {chunk.UncompressedSize} exceeds 2 GiB");
        }

        ReadOnlyMemory<byte> records;
        if (chunk.Compression.Length == 0)
        {
            if ((ulong)chunk.Records.Length != chunk.UncompressedSize)
            {
                throw new McapFormatException(name, chunk.Offset,
                    $"uncompressed chunk holds {chunk.Records.Length} bytes but declares uncompressed_size {chunk.UncompressedSize}");
            }

            records = chunk.Records;
        }
        else
        {
            // A declared size the payload cannot produce is refused before it is allocated: a corrupt field must not cost gigabytes.
            var most = McapCompression.MaxDecompressedSize(chunk.Compression, chunk.Records.Span, name, chunk.Offset);
            if (chunk.UncompressedSize > most)
            {
                throw new McapFormatException(name, chunk.Offset,
                    $"{chunk.Compression} chunk declares uncompressed_size {chunk.UncompressedSize}, but its {chunk.Records.Length} compressed bytes hold at most {most}");
            }

            var dst = GC.AllocateUninitializedArray<byte>((int)chunk.UncompressedSize); // decompression fills it (size checked)
            McapCompression.Decompress(chunk.Compression, chunk.Records.Span, dst, name, chunk.Offset);
            records = dst;
        }

        if (options.ValidateCrcs && chunk.UncompressedCrc != 0)
        {
            uint actual = McapCrc32.Compute(records.Span);
            if (actual != chunk.UncompressedCrc)
            {
                throw new McapFormatException(name, chunk.Offset,
                    $"chunk CRC mismatch: stored {chunk.UncompressedCrc}, computed {actual}");
            }
        }

        return records;
    }

    internal static IEnumerable<McapRecord> ParseRecords(ReadOnlyMemory<byte> records, string name, long chunkOffset)
    {
        int pos = 0;
        while (pos < records.Length)
        {
            if (records.Length - pos < 9)
            {
                throw new McapFormatException(name, chunkOffset,
                    $"chunk records end with {records.Length - pos} stray bytes at chunk position {pos}");
            }

            byte op = records.Span[pos];
            ulong len = BinaryPrimitives.ReadUInt64LittleEndian(records.Span[(pos + 1)..]);
            if (len > (ulong)(records.Length - pos - 9))
            {
                throw new McapFormatException(name, chunkOffset,
                    $"{(McapOpcode)op} record at chunk position {pos} declares length {len}, past the chunk's end ({records.Length - pos - 9} bytes remain)");
            }

            yield return McapRecordParser.Parse(op, records.Slice(pos + 9, (int)len), name, pos, inChunk: true);
            pos += 9 + (int)len;
        }
    }

    /// <summary>Ends the read inside the record at <paramref name="offset"/>, which the file cuts short;
    /// <paramref name="present"/> reads what the file holds of its body. Returns the records salvaged from it.</summary>
    private List<McapRecord> EndInside(long offset, byte opcode, string where, Func<ReadOnlyMemory<byte>> present)
    {
        if (!_options.AllowTruncated)
        {
            throw Truncation(offset, where);
        }

        var salvaged = new List<McapRecord>();
        if (opcode == (byte)McapOpcode.Chunk)
        {
            where += "; " + SalvageTornChunk(offset, present(), salvaged);
        }

        EndEarly(offset, where);
        return salvaged;
    }

    /// <summary>Adds to <paramref name="salvaged"/> the complete records at the start of the chunk at
    /// <paramref name="offset"/>, of which <paramref name="body"/> is what the file holds after the record length;
    /// says what came of it. Only an uncompressed chunk's records can be read without its end. Salvage stops at
    /// the first record that is incomplete or not a well-formed schema, channel or message (the only records a
    /// chunk holds), which also stops it at a zero-filled tail.</summary>
    private string SalvageTornChunk(long offset, ReadOnlyMemory<byte> body, List<McapRecord> salvaged)
    {
        const int compressionAt = 8 + 8 + 8 + 4; // message_start_time, message_end_time, uncompressed_size, crc
        const int recordsAt = compressionAt + 4 + 8; // an empty compression string, then records_length
        var span = body.Span;
        if (span.Length < compressionAt + 4)
        {
            return "it ends before its compression field, so nothing in it can be read";
        }

        uint compressionLength = BinaryPrimitives.ReadUInt32LittleEndian(span[compressionAt..]);
        if (compressionLength != 0)
        {
            return "its records are compressed and cannot be read without the rest of it, so it is dropped whole";
        }

        if (span.Length < recordsAt)
        {
            return "it ends before its records";
        }

        ulong declared = BinaryPrimitives.ReadUInt64LittleEndian(span[(recordsAt - 8)..]);
        var records = body[recordsAt..][..(int)Math.Min(declared, (ulong)(span.Length - recordsAt))];
        long recordsOffset = offset + 9 + recordsAt;
        int pos = 0, messages = 0;
        while (records.Length - pos >= 9)
        {
            var op = (McapOpcode)records.Span[pos];
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(records.Span[(pos + 1)..]);
            if (op is not (McapOpcode.Schema or McapOpcode.Channel or McapOpcode.Message)
                || length > (ulong)(records.Length - pos - 9))
            {
                break;
            }

            try
            {
                salvaged.Add(McapRecordParser.Parse((byte)op, records.Slice(pos + 9, (int)length), _name, recordsOffset + pos));
            }
            catch (McapFormatException)
            {
                break; // the tail of a torn chunk is not trusted: a malformed record ends the salvage, not the read
            }

            pos += 9 + (int)length;
            messages += op == McapOpcode.Message ? 1 : 0;
            LastCompleteRecordEnd = recordsOffset + pos;
        }

        return $"salvaged {messages} messages from the complete records at its start";
    }

    /// <summary>The rest of the stream after a chunk's unfinished length, where its records were streamed to.</summary>
    private ReadOnlyMemory<byte> ReadToEnd(long offset)
    {
        var rest = new MemoryStream();
        var buffer = new byte[1 << 16];
        int n;
        while ((n = _stream.Read(buffer)) > 0)
        {
            if (rest.Length + n > int.MaxValue - 64)
            {
                throw new McapFormatException(_name, offset,
                    "Chunk record with an unfinished length is followed by more than 2 GiB: not a torn chunk");
            }

            rest.Write(buffer, 0, n);
            _position += n;
        }

        return rest.GetBuffer().AsMemory(0, (int)rest.Length);
    }

    private McapFormatException Truncation(long offset, string where) => new(_name, offset, $"file ends {where}: truncated");

    private void EndEarly(long offset, string where)
    {
        if (!_options.AllowTruncated)
        {
            throw Truncation(offset, where);
        }

        Warning = $"{_name}: truncated at byte {offset + 0} ({where}); read every complete record up to byte " +
                  $"{LastCompleteRecordEnd}. The recording was probably killed; `sparsh-robot bag recover` rewrites it with a summary.";
    }

    private int ReadFully(Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = _stream.Read(buffer[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        _position += total;
        return total;
    }

    private static bool EndsWithMagic(Stream s)
    {
        long start = s.Position;
        if (s.Length - start < 16)
        {
            return false;
        }

        Span<byte> tail = stackalloc byte[8];
        s.Position = s.Length - 8;
        s.ReadExactly(tail);
        s.Position = start;
        return tail.SequenceEqual(Magic);
    }
}
