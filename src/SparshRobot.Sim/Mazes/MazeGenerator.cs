using SparshRobot.Core.Geometry;

namespace SparshRobot.Sim.Mazes;

/// <summary>
/// Procedural mazes from a seed and a difficulty. The held-out family differs from training in two ways, so a
/// policy trained on training mazes is tested on both unseen seeds and unseen shapes: its seeds come from a
/// disjoint range, and it contains shapes the training family never generates (a 360 degree out-of-board loop and
/// a switchback of more than <see cref="MaxTrainingBendDeg"/> degrees).
/// </summary>
public static class MazeGenerator
{
    public const int HeldOutSeedBase = 1_000_000;

    /// <summary>No training bend turns more than this; held-out switchbacks always do.</summary>
    public const double MaxTrainingBendDeg = 120;

    private const double LeadIn = 0.04;
    private const double LoopPitch = 0.03;

    public static (int From, int To) TrainingSeeds => (0, HeldOutSeedBase - 1);

    public static (int From, int To) HeldOutSeeds => (HeldOutSeedBase, 2 * HeldOutSeedBase - 1);

    public static MazeFamily FamilyOfSeed(int seed) => seed switch
    {
        >= 0 and < HeldOutSeedBase => MazeFamily.Training,
        >= HeldOutSeedBase and < 2 * HeldOutSeedBase => MazeFamily.HeldOut,
        _ => throw new ArgumentOutOfRangeException(nameof(seed), seed, $"maze seeds are in [0, {2 * HeldOutSeedBase})"),
    };

    /// <summary>Generates the maze of <paramref name="seed"/>; its family follows from the seed range.</summary>
    public static Maze Generate(int seed, MazeDifficulty difficulty)
    {
        var family = FamilyOfSeed(seed);
        var rng = new Random(seed * 7919 + difficulty.Name.Length);
        var turningParts = new List<double>();
        var turning = difficulty.TotalTurningDeg;
        var heldOut = family == MazeFamily.HeldOut;
        if (heldOut)
        {
            // The loop and the switchback are part of the turning budget (a held-out maze turns at least 520 deg).
            turning = Math.Max(0, turning - 360 - 160);
        }
        var parts = turning > 0 ? Math.Max(2, (int)Math.Ceiling(turning / 75.0)) : 0;
        var weights = Enumerable.Range(0, parts).Select(_ => 0.6 + 0.8 * rng.NextDouble()).ToArray();
        var sum = weights.Sum();
        turningParts.AddRange(weights.Select(w => turning * w / sum));

        var segments = new List<MazeSegment>();
        var heading = 0.0;
        double Radius(double scale = 1) => difficulty.MinBendRadius * scale * (1 + 0.6 * rng.NextDouble());
        foreach (var part in turningParts)
        {
            var kind = rng.Next(3);
            switch (kind)
            {
                case 0 when part <= MaxTrainingBendDeg:
                    // Turn back towards +x when far off it so the maze progresses across the board.
                    var sign = Math.Abs(heading) > 40 ? -Math.Sign(heading) : (rng.Next(2) == 0 ? -1 : 1);
                    segments.Add(new BendSegment(Radius(), sign * part));
                    heading += sign * part;
                    break;
                case 1 when part / 2 < 80:
                    var climbRadius = Radius();
                    var angle = part / 2;
                    var rise = 2 * climbRadius * (1 - Math.Cos(angle * Math.PI / 180));
                    var height = rise + 0.01 + 0.03 * rng.NextDouble();
                    segments.Add(new ClimbSegment(rng.Next(2) == 0 ? height : -height, climbRadius, angle));
                    break;
                default:
                    segments.Add(new SCurveSegment(Radius(), (rng.Next(2) == 0 ? -1 : 1) * Math.Min(part / 2, 90)));
                    break;
            }
        }
        if (heldOut)
        {
            segments.Insert(rng.Next(segments.Count + 1), new LoopSegment(Radius(1.3), LoopPitch, rng.Next(2) == 0));
            var back = Math.Abs(heading) > 1 ? -Math.Sign(heading) : 1;
            segments.Insert(rng.Next(segments.Count + 1), new BendSegment(Radius(1.5), back * 160));
        }

        var curved = segments.Sum(ArcLength);
        var straightBudget = Math.Max(LeadIn * 2 + 0.01 * segments.Count, difficulty.Length - curved);
        var gaps = segments.Count + 1;
        var gapWeights = Enumerable.Range(0, gaps).Select(_ => 0.3 + rng.NextDouble()).ToArray();
        var gapSum = gapWeights.Sum();
        var free = straightBudget - 2 * LeadIn;
        var withStraights = new List<MazeSegment>();
        for (var i = 0; i < gaps; i++)
        {
            var length = free * gapWeights[i] / gapSum + (i == 0 || i == gaps - 1 ? LeadIn : 0);
            if (length > 0.002)
            {
                withStraights.Add(new StraightSegment(length));
            }
            if (i < segments.Count)
            {
                withStraights.Add(segments[i]);
            }
        }
        var name = $"{(heldOut ? "heldout" : "train")}-{difficulty.Name}-{seed}";
        return new Maze(name, family, new Vec3(0, 0, 0.3), 0, withStraights);
    }

    private static double ArcLength(MazeSegment segment) => segment switch
    {
        StraightSegment s => s.Length,
        BendSegment b => b.Radius * Math.Abs(b.AngleDeg) * Math.PI / 180,
        SCurveSegment c => 2 * c.Radius * Math.Abs(c.AngleDeg) * Math.PI / 180,
        LoopSegment l => Math.Sqrt(Math.Pow(2 * Math.PI * l.Radius, 2) + l.Pitch * l.Pitch),
        ClimbSegment c => 2 * c.Radius * c.AngleDeg * Math.PI / 180
            + (Math.Abs(c.Height) - c.BendRise) / Math.Sin(c.AngleDeg * Math.PI / 180),
        _ => 0,
    };
}
