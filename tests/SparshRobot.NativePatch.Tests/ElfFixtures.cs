using System.Reflection;

namespace SparshRobot.NativePatch.Tests;

/// <summary>Real ELF files the tests patch: copies of the package's libLibTorchSharp.so placed beside libtorch.</summary>
internal static class ElfFixtures
{
    public const string Version = "GLIBCXX_3.4.32";

    /// <summary>The untouched file in the NuGet cache; tests only ever read it.</summary>
    public static string PackagedLibTorchSharp { get; } =
        typeof(ElfFixtures).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "PackagedLibTorchSharp").Value!;

    /// <summary>
    /// Copies the packaged library into the test output folder under a unique name: its RUNPATH is $ORIGIN, so a copy
    /// there finds libtorch.so and friends exactly like the real one does.
    /// </summary>
    public static string CopyBesideLibtorch()
    {
        var path = Path.Combine(AppContext.BaseDirectory, $"libLibTorchSharp.test-{Guid.NewGuid():N}.so");
        File.Copy(PackagedLibTorchSharp, path);
        return path;
    }
}
