namespace SparshRobot.Cli.Doctor;

public enum CheckStatus
{
    Ok,
    Warning,
    Failed,
}

/// <summary>What one doctor check found: facts to print, and for a failure the command that fixes it.</summary>
public sealed record CheckResult(string Name, CheckStatus Status, IReadOnlyList<string> Details, string? Fix = null)
{
    public static CheckResult Ok(string name, params string[] details) => new(name, CheckStatus.Ok, details);

    public static CheckResult Failed(string name, string fix, params string[] details) => new(name, CheckStatus.Failed, details, fix);
}

/// <summary>One component doctor verifies by really loading and exercising it.</summary>
public interface IDoctorCheck
{
    string Name { get; }

    /// <summary>A required check's failure makes doctor exit non-zero.</summary>
    bool Required { get; }

    CheckResult Run();
}
