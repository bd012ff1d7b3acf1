namespace SparshRobot.Testing;

/// <summary>Where tests find the repository and the shared third-party data (<c>../shared/data</c> beside the clone).</summary>
public static class TestPaths
{
    private static readonly Lazy<string> Root = new(FindRepoRoot);

    /// <summary>The folder holding <c>SparshRobot.sln</c>.</summary>
    public static string RepoRoot => Root.Value;

    /// <summary><c>../shared/data</c> relative to the repository root; never copied into the repository.</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data"));

    public static string Shared(params string[] parts) => Path.Combine([SharedData, .. parts]);

    /// <summary>The real DIGIT no-contact frame (320 high x 240 wide as decoded, despite its file name).</summary>
    public static string DigitBackground => Shared("tactile", "digit_background_240x320.jpg");

    /// <summary>Committed fixtures of a test project live beside its sources under <c>tests/&lt;project&gt;/Fixtures</c>.</summary>
    public static string Fixture(string project, params string[] parts) =>
        Path.Combine([RepoRoot, "tests", project, "Fixtures", .. parts]);

    /// <summary>A fresh empty directory under the system temp folder, for one test's outputs.</summary>
    public static DirectoryInfo NewTempDirectory(string prefix = "sparsh-test")
    {
        var dir = new DirectoryInfo(Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}"));
        dir.Create();
        return dir;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SparshRobot.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"SparshRobot.sln not found above {AppContext.BaseDirectory}");
    }
}
