namespace SparshRobot.Sim.Mazes;

/// <summary>
/// What makes a procedural maze hard: how much it turns (degrees), how tight (metres), how long (metres). The
/// length is a minimum: straights fill the rest when the bends are shorter, and wide bends can make it longer.
/// Held-out mazes add a loop and a switchback to the turning, so they are longer and turn more than training.
/// </summary>
public sealed record MazeDifficulty(string Name, double Length, double TotalTurningDeg, double MinBendRadius)
{
    public static MazeDifficulty Easy { get; } = new("easy", 0.35, 180, 0.06);

    public static MazeDifficulty Hard { get; } = new("hard", 0.55, 480, 0.03);

    public static MazeDifficulty Parse(string name) => name.ToLowerInvariant() switch
    {
        "easy" => Easy,
        "hard" => Hard,
        _ => throw new ArgumentException($"unknown maze difficulty '{name}'; expected 'easy' or 'hard'"),
    };
}
