namespace SparshRobot.Mcap;

/// <summary>An MCAP file is malformed. The message always names the file and the byte offset of the problem.</summary>
public sealed class McapFormatException : IOException
{
    public McapFormatException(string file, long offset, string problem, Exception? inner = null)
        : base($"{file}: byte offset {offset}: {problem}", inner)
    {
        File = file;
        Offset = offset;
    }

    public string File { get; }

    /// <summary>File offset of the problem (for records inside a chunk: the chunk's offset).</summary>
    public long Offset { get; }
}
