using SparshRobot.Core.Time;

namespace SparshRobot.Ros.Node;

public enum LogSeverity
{
    Debug,
    Info,
    Warn,
    Error,
    Fatal,
}

/// <summary>Console logging in the rcutils default format: <c>[INFO] [sec.nsec] [node]: message</c>.</summary>
public sealed class RosLogger(string name, IClock clock, TextWriter output, LogSeverity minimum = LogSeverity.Info)
{
    public string Name { get; } = name;

    public void Log(LogSeverity severity, string message)
    {
        if (severity < minimum)
        {
            return;
        }
        var now = clock.Now();
        var line = $"[{severity.ToString().ToUpperInvariant()}] [{now.Sec}.{now.Nanosec:D9}] [{Name}]: {message}";
        lock (output)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    public void Debug(string message) => Log(LogSeverity.Debug, message);

    public void Info(string message) => Log(LogSeverity.Info, message);

    public void Warn(string message) => Log(LogSeverity.Warn, message);

    public void Error(string message) => Log(LogSeverity.Error, message);
}
