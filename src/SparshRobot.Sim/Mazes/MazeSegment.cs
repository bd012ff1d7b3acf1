namespace SparshRobot.Sim.Mazes;

/// <summary>
/// One piece of a maze wire, laid in the maze board (the x-z plane facing the robot; y points out of the board
/// towards the robot's pinch axis). Angles are signed: positive turns towards world +z when heading along +x
/// (counter-clockwise as seen from the robot). Lengths and radii are metres.
/// </summary>
public abstract record MazeSegment
{
    /// <summary>Sum of absolute heading changes in this segment, degrees.</summary>
    public abstract double TurningDeg { get; }

    /// <summary>Tightest bend radius in this segment (infinity for a straight).</summary>
    public abstract double MinRadius { get; }

    internal abstract void Validate(string where);

    protected static void RequirePositive(double value, string field, string where)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new MazeFormatException($"{where}: '{field}' must be a positive number of metres, got {value}");
        }
    }
}

public sealed record StraightSegment(double Length) : MazeSegment
{
    public override double TurningDeg => 0;

    public override double MinRadius => double.PositiveInfinity;

    internal override void Validate(string where) => RequirePositive(Length, "length", where);
}

/// <summary>An in-board circular bend.</summary>
public sealed record BendSegment(double Radius, double AngleDeg) : MazeSegment
{
    public override double TurningDeg => Math.Abs(AngleDeg);

    public override double MinRadius => Radius;

    internal override void Validate(string where)
    {
        RequirePositive(Radius, "radius", where);
        if (AngleDeg == 0 || Math.Abs(AngleDeg) > 360 || !double.IsFinite(AngleDeg))
        {
            throw new MazeFormatException($"{where}: 'angle_deg' must be non-zero and within [-360, 360], got {AngleDeg}");
        }
    }
}

/// <summary>Two opposite bends of the same radius: the wire leaves with its entry heading, shifted sideways.</summary>
public sealed record SCurveSegment(double Radius, double AngleDeg) : MazeSegment
{
    public override double TurningDeg => 2 * Math.Abs(AngleDeg);

    public override double MinRadius => Radius;

    internal override void Validate(string where)
    {
        RequirePositive(Radius, "radius", where);
        if (AngleDeg == 0 || Math.Abs(AngleDeg) > 180 || !double.IsFinite(AngleDeg))
        {
            throw new MazeFormatException($"{where}: 'angle_deg' must be non-zero and within [-180, 180], got {AngleDeg}");
        }
    }
}

/// <summary>
/// A full 360 degree turn that steps out of the board by <see cref="Pitch"/> (a helix) so the wire clears itself.
/// Only the held-out maze family uses it.
/// </summary>
public sealed record LoopSegment(double Radius, double Pitch, bool Clockwise = false) : MazeSegment
{
    public override double TurningDeg => 360;

    public override double MinRadius => Radius;

    internal override void Validate(string where)
    {
        RequirePositive(Radius, "radius", where);
        RequirePositive(Pitch, "pitch", where);
    }
}

/// <summary>Rises by <see cref="Height"/> (negative descends): bend up by the angle, straight, bend back level.</summary>
public sealed record ClimbSegment(double Height, double Radius, double AngleDeg = 30) : MazeSegment
{
    public override double TurningDeg => 2 * Math.Abs(AngleDeg);

    public override double MinRadius => Radius;

    /// <summary>Height gained by the two bends alone; the straight between them makes up the rest.</summary>
    internal double BendRise => 2 * Radius * (1 - Math.Cos(AngleDeg * Math.PI / 180));

    internal override void Validate(string where)
    {
        RequirePositive(Radius, "radius", where);
        if (Height == 0 || !double.IsFinite(Height))
        {
            throw new MazeFormatException($"{where}: 'height' must be non-zero, got {Height}");
        }
        if (!(AngleDeg > 0 && AngleDeg < 90))
        {
            throw new MazeFormatException($"{where}: 'angle_deg' must be in (0, 90), got {AngleDeg}");
        }
        if (Math.Abs(Height) < BendRise)
        {
            throw new MazeFormatException(
                $"{where}: height {Height} m is smaller than the {BendRise:F4} m the two bends of radius {Radius} m at {AngleDeg} deg already climb");
        }
    }
}

/// <summary>A maze description that cannot be built; the message names the file, segment and field.</summary>
public sealed class MazeFormatException(string message, Exception? inner = null) : Exception(message, inner);
