namespace SparshRobot.Ros.Cdr;

/// <summary>
/// Malformed or truncated CDR; the message names the field and the payload offset. <see cref="Field"/>,
/// <see cref="Offset"/> and <see cref="Problem"/> carry the parts separately so a decoder can re-state the field
/// as a full path (<c>status[2].values[0].key</c>) without parsing the message text.
/// </summary>
public sealed class CdrFormatException : Exception
{
    public CdrFormatException(string message)
        : base(message)
    {
    }

    public CdrFormatException(string field, int offset, string problem)
        : base($"{field}: {problem} (payload offset {offset})")
    {
        Field = field;
        Offset = offset;
        Problem = problem;
    }

    /// <summary>The field (or field path) being read, when known.</summary>
    public string? Field { get; }

    /// <summary>Payload offset (after the 4-byte encapsulation header) where the problem was found, when known.</summary>
    public int? Offset { get; }

    /// <summary>What was wrong, without the field and offset.</summary>
    public string? Problem { get; }

    /// <summary>The same problem re-stated for another field name (e.g. a full path); unstructured messages are kept.</summary>
    public CdrFormatException WithField(string field) =>
        Offset is { } offset && Problem is { } problem ? new CdrFormatException(field, offset, problem) : this;
}
