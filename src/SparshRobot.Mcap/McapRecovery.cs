namespace SparshRobot.Mcap;

/// <summary>What <see cref="McapRecovery.Recover"/> kept.</summary>
public sealed record McapRecoveryReport(
    string Input, string Output, ulong Messages, int Schemas, int Channels, int Attachments, int Metadata,
    long BytesRead, long InputLength, string? Warning)
{
    public long BytesDropped => InputLength - BytesRead;
}

/// <summary>Rewrites a damaged or unfinished MCAP file (typically a recording that was killed before its summary)
/// into a complete one: every complete record up to the damage is copied, ids kept, and a fresh summary written.</summary>
public static class McapRecovery
{
    public static McapRecoveryReport Recover(string input, string output, McapWriterOptions? options = null)
    {
        using var file = new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        var stream = new McapStreamReader(file, input, new McapReadOptions { AllowTruncated = true });
        long inputLength = new FileInfo(input).Length;
        McapWriter? writer = null;
        int attachments = 0, metadata = 0;
        var schemas = new HashSet<ushort>();
        var channels = new HashSet<ushort>();
        try
        {
            // The summary after DataEnd is rebuilt, so reading stops there.
            foreach (var record in stream.ReadRecords().TakeWhile(r => r is not McapDataEnd))
            {
                switch (record)
                {
                    case McapHeader h:
                        writer = McapWriter.Create(output,
                            (options ?? McapWriterOptions.Default) with { Profile = h.Profile, Library = h.Library });
                        break;
                    case McapSchema s when schemas.Add(s.Id):
                        Writer().AddSchema(s.Name, s.Encoding, s.Data, s.Id);
                        break;
                    case McapChannel c when channels.Add(c.Id):
                        Writer().AddChannel(c.Topic, c.MessageEncoding, c.SchemaId, c.Metadata, c.Id);
                        break;
                    case McapMessage m:
                        Writer().WriteMessage(m.ChannelId, m.LogTime, m.PublishTime, m.Data.Span, m.Sequence);
                        break;
                    case McapAttachment a:
                        Writer().WriteAttachment(a.Name, a.MediaType, a.LogTime, a.CreateTime, a.Data);
                        attachments++;
                        break;
                    case McapMetadata md:
                        Writer().WriteMetadata(md.Name, md.Metadata);
                        metadata++;
                        break;
                }
            }

            var w = Writer();
            ulong messages = w.MessageCount;
            w.Dispose();
            return new McapRecoveryReport(input, output, messages, schemas.Count, channels.Count, attachments, metadata,
                stream.Truncated ? stream.LastCompleteRecordEnd : inputLength, inputLength, stream.Warning);
        }
        catch
        {
            writer?.Dispose();
            throw;
        }

        McapWriter Writer() => writer ?? throw new McapFormatException(input, 8, "no Header record after the magic");
    }

    /// <summary>Recovers <paramref name="path"/> in place: the repaired file replaces it and the original is kept
    /// beside it as <c>&lt;file&gt;.orig</c>, so nothing is lost even if recovery misjudged.</summary>
    public static McapRecoveryReport RecoverInPlace(string path, McapWriterOptions? options = null)
    {
        string temp = path + ".recovering";
        File.Delete(temp);
        var report = Recover(path, temp, options);
        File.Move(path, path + ".orig", overwrite: false);
        File.Move(temp, path);
        return report with { Output = path };
    }
}
