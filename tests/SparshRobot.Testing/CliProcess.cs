using System.Diagnostics;

namespace SparshRobot.Testing;

/// <summary>Runs the built <c>sparsh-robot</c> CLI as a child process, the way users run it.</summary>
public static class CliProcess
{
    /// <summary>The CLI assembly copied into the calling test project's output by its project reference.</summary>
    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "sparsh-robot.dll");

    public static (int ExitCode, string Output, string Error) Run(TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(CliDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"sparsh-robot {string.Join(' ', args)} did not finish within {timeout}");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
