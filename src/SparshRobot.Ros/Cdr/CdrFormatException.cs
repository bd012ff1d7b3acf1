namespace SparshRobot.Ros.Cdr;

/// <summary>Malformed or truncated CDR; the message names the field and the payload offset.</summary>
public sealed class CdrFormatException(string message) : Exception(message);
