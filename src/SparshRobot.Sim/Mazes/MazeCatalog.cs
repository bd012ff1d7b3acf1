using System.Globalization;

namespace SparshRobot.Sim.Mazes;

/// <summary>
/// Turns what a user types after <c>--maze</c> into a maze: a path to a YAML file, the name of a bundled maze
/// (Mazes/&lt;name&gt;.yaml next to the binaries), or a procedural seed: <c>42</c> (training family, the given
/// difficulty), <c>easy:42</c>, <c>hard:42</c>; seeds from <see cref="MazeGenerator.HeldOutSeedBase"/> up are the
/// held-out family.
/// </summary>
public static class MazeCatalog
{
    public static string BundledDirectory => Path.Combine(AppContext.BaseDirectory, "Mazes");

    public static IReadOnlyList<string> BundledNames() => Directory.Exists(BundledDirectory)
        ? Directory.GetFiles(BundledDirectory, "*.yaml").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order().ToList()
        : [];

    public static Maze Resolve(string spec, MazeDifficulty defaultDifficulty)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            throw new ArgumentException("--maze is empty; give a maze name, a YAML path or a seed", nameof(spec));
        }
        var difficulty = defaultDifficulty;
        var seedText = spec;
        var colon = spec.IndexOf(':');
        if (colon > 0)
        {
            difficulty = MazeDifficulty.Parse(spec[..colon]);
            seedText = spec[(colon + 1)..];
        }
        if (int.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out var seed))
        {
            return MazeGenerator.Generate(seed, difficulty);
        }
        if (colon > 0)
        {
            throw new ArgumentException($"maze '{spec}': after '{spec[..colon]}:' expected a non-negative integer seed", nameof(spec));
        }
        if (File.Exists(spec))
        {
            return MazeFile.Load(spec);
        }
        var bundled = Path.Combine(BundledDirectory, spec + ".yaml");
        if (File.Exists(bundled))
        {
            return MazeFile.Load(bundled);
        }
        var known = string.Join(", ", BundledNames());
        throw new ArgumentException($"maze '{spec}' is neither a YAML file, a bundled maze ({known}) nor a seed", nameof(spec));
    }
}
