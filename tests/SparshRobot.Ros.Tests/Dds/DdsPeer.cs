using System.Diagnostics;
using System.Security.Cryptography;
using SparshRobot.Ros.Dds;
using SparshRobot.Testing;

namespace SparshRobot.Ros.Tests.Dds;

/// <summary>
/// The independent C peer (Fixtures/dds_peer): idlc-generated types from ros_types.idl and a small program built
/// with cc against libddsc. Built once per source content and cached beside the test assembly.
/// </summary>
internal static class DdsPeer
{
    private static readonly Lazy<string> Executable = new(Build);

    public static string Path => Executable.Value;

    /// <summary>Starts the peer with the same localhost-only discovery configuration our transports use.</summary>
    public static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        info.Environment["CYCLONEDDS_URI"] = DdsDomainConfig.LocalhostOnly;
        return Process.Start(info) ?? throw new InvalidOperationException("could not start dds_peer");
    }

    /// <summary>Waits for exit, failing the test with the peer's stderr if it fails or hangs.</summary>
    public static string Finish(Process process, TimeSpan timeout)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill();
            Assert.Fail($"dds_peer did not finish within {timeout}; stderr: {stderr.Result}");
        }
        Assert.That(process.ExitCode, Is.Zero, $"dds_peer failed; stdout: {stdout.Result}; stderr: {stderr.Result}");
        return stdout.Result;
    }

    private static string Build()
    {
        var source = TestPaths.Fixture("SparshRobot.Ros.Tests", "dds_peer");
        var idl = System.IO.Path.Combine(source, "ros_types.idl");
        var program = System.IO.Path.Combine(source, "dds_peer.c");
        var hash = Convert.ToHexString(SHA256.HashData([.. File.ReadAllBytes(idl), .. File.ReadAllBytes(program)]))[..16];
        var cache = System.IO.Path.Combine(AppContext.BaseDirectory, "native-cache", $"dds_peer-{hash}");
        var exe = System.IO.Path.Combine(cache, "dds_peer");
        if (File.Exists(exe))
        {
            return exe;
        }
        var work = cache + $".tmp-{Environment.ProcessId}";
        Directory.CreateDirectory(work);
        Run("idlc", "-o", work, idl);
        Run("cc", "-O1", "-Wall", "-Werror", "-I", work, "-o", System.IO.Path.Combine(work, "dds_peer"), program,
            System.IO.Path.Combine(work, "ros_types.c"), "-lddsc");
        try
        {
            Directory.Move(work, cache);
        }
        catch (IOException) when (File.Exists(exe))
        {
            Directory.Delete(work, recursive: true); // another run built it first
        }
        return exe;
    }

    private static void Run(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var p = Process.Start(info) ?? throw new InvalidOperationException($"could not start {tool}");
        var err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed ({p.ExitCode}): {err}");
        }
    }
}
