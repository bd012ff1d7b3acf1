using SparshRobot.Core.Geometry;

namespace SparshRobot.Sim.Mazes;

/// <summary>Where a maze comes from; the held-out family is never generated for training.</summary>
public enum MazeFamily
{
    /// <summary>Hand-written YAML under Mazes/.</summary>
    Authored,

    /// <summary>Procedural, seeds in <see cref="MazeGenerator.TrainingSeeds"/>, straights, bends, S-curves, climbs.</summary>
    Training,

    /// <summary>Procedural, seeds in <see cref="MazeGenerator.HeldOutSeeds"/>, adds loops and switchbacks.</summary>
    HeldOut,
}

/// <summary>A bead maze: the wire, its start and end stops (s = 0 and s = length), and how it was made.</summary>
public sealed class Maze
{
    public Maze(string name, MazeFamily family, Vec3 start, double headingDeg, IReadOnlyList<MazeSegment> segments, double wireRadius = 0.0015)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new MazeFormatException("a maze needs a name");
        }
        for (var i = 0; i < segments.Count; i++)
        {
            segments[i].Validate($"maze '{name}' segment {i}");
        }
        if (!(wireRadius > 0 && wireRadius < 0.01))
        {
            throw new MazeFormatException($"maze '{name}': wire radius {wireRadius} m must be in (0, 0.01)");
        }
        Name = name;
        Family = family;
        Start = start;
        HeadingDeg = headingDeg;
        Segments = segments;
        WireRadius = wireRadius;
        Wire = WireBuilder.Build(start, headingDeg, segments);
    }

    public string Name { get; }

    public MazeFamily Family { get; }

    public Vec3 Start { get; }

    public double HeadingDeg { get; }

    public IReadOnlyList<MazeSegment> Segments { get; }

    public double WireRadius { get; }

    public Wire Wire { get; }

    public double TotalTurningDeg => Segments.Sum(s => s.TurningDeg);

    public double MinBendRadius => Segments.Count == 0 ? double.PositiveInfinity : Segments.Min(s => s.MinRadius);

    public override string ToString() =>
        $"{Name} ({Family}, {Wire.Length:F3} m, turning {TotalTurningDeg:F0} deg, min radius {MinBendRadius * 1000:F0} mm)";
}
