namespace SparshRobot.NativePatch.Elf;

/// <summary>The file is not an ELF image this tool understands; the message names the file and what was expected.</summary>
public sealed class ElfFormatException(string message) : Exception(message);
