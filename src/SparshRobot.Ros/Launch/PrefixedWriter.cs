using System.Text;

namespace SparshRobot.Ros.Launch;

/// <summary>Writes whole lines to <paramref name="inner"/>, each prefixed with <c>[label] </c>, so interleaved node output stays readable.</summary>
public sealed class PrefixedWriter(TextWriter inner, string label) : TextWriter
{
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        lock (_line)
        {
            if (value == '\n')
            {
                FlushLine();
            }
            else if (value != '\r')
            {
                _line.Append(value);
            }
        }
    }

    public override void Flush()
    {
        lock (_line)
        {
            if (_line.Length > 0)
            {
                FlushLine();
            }
        }
    }

    /// <summary>Writes one already complete line.</summary>
    public void WriteLineDirect(string line)
    {
        lock (inner)
        {
            inner.WriteLine($"[{label}] {line}");
            inner.Flush();
        }
    }

    private void FlushLine()
    {
        WriteLineDirect(_line.ToString());
        _line.Clear();
    }
}
