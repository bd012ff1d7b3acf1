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

    /// <summary>
    /// Turns a benchmark's <c>--mazes</c> entry into mazes: a family spec <c>heldout:easy:25</c> (25 held-out easy mazes,
    /// seeds <see cref="MazeGenerator.HeldOutSeedBase"/> onwards; <c>heldout:hard:10@40</c> starts 40 seeds later;
    /// <c>training:...</c> likewise), a folder (every <c>*.yaml</c> in it, by name), or anything <see cref="Resolve"/> takes.
    /// </summary>
    public static IReadOnlyList<Maze> ResolveMany(string spec)
    {
        var parts = spec.Split(':');
        if (parts.Length == 3 && parts[0] is "heldout" or "training")
        {
            var difficulty = MazeDifficulty.Parse(parts[1]);
            var countText = parts[2];
            var first = 0;
            var at = countText.IndexOf('@');
            if (at >= 0)
            {
                first = int.TryParse(countText[(at + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var f) ? f
                    : throw new ArgumentException($"mazes '{spec}': after '@' expected a non-negative seed offset", nameof(spec));
                countText = countText[..at];
            }
            if (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
            {
                throw new ArgumentException($"mazes '{spec}': expected {parts[0]}:<easy|hard>:<count>[@first], count a positive integer", nameof(spec));
            }
            var baseSeed = parts[0] == "heldout" ? MazeGenerator.HeldOutSeedBase : 0;
            return [.. Enumerable.Range(0, count).Select(i => MazeGenerator.Generate(baseSeed + first + i, difficulty))];
        }
        if (Directory.Exists(spec))
        {
            var files = Directory.GetFiles(spec, "*.yaml").Order(StringComparer.Ordinal).ToList();
            return files.Count > 0 ? [.. files.Select(MazeFile.Load)] : throw new ArgumentException($"maze folder '{spec}' holds no *.yaml maze", nameof(spec));
        }
        return [Resolve(spec, MazeDifficulty.Easy)];
    }
}
