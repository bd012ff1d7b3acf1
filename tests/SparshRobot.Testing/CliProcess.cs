using System.Diagnostics;

namespace SparshRobot.Testing;

/// <summary>Runs the built <c>sparsh-robot</c> CLI as a child process, the way users run it.</summary>
public static class CliProcess
{
    /// <summary>The CLI assembly copied into the calling test project's output by its project reference.</summary>
    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "sparsh-robot.dll");

    /// <summary>A start description with stdout and stderr redirected; add environment variables before starting.</summary>
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(CliDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        return start;
    }

    public static Process Start(params string[] args) => Start(StartInfo(args));

    public static Process Start(ProcessStartInfo start) =>
        Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");

    /// <summary>Runs to completion and returns the exit code and both outputs.</summary>
    public static (int ExitCode, string Output, string Error) Run(TimeSpan timeout, params string[] args)
    {
        using var process = Start(args);
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
