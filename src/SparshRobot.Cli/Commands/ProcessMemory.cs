using System.Globalization;

namespace SparshRobot.Cli.Commands;

/// <summary>This process's resident memory from /proc/self/status (Linux, the only platform the natives ship for).</summary>
public static class ProcessMemory
{
    /// <summary>Resident set size now, in MiB.</summary>
    public static double ResidentMiB() => StatusMiB("VmRSS:");

    /// <summary>The highest resident set size so far (the kernel's high-water mark), in MiB.</summary>
    public static double PeakResidentMiB() => StatusMiB("VmHWM:");

    private static double StatusMiB(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
