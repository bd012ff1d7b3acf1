using SparshRobot.Core.Geometry;

namespace SparshRobot.Core.Sensing;

/// <summary>The shape pressing into a tactile pad.</summary>
public enum IndenterShape
{
    None,
    Sphere,

    /// <summary>A cylinder lying in the pad plane along <see cref="ContactState.Axis"/> (a wire).</summary>
    Cylinder,
    Flat,
}

/// <summary>
/// What touches one fingertip pad, in the pad's own frame (x across the pad's width, y along its height, z out of
/// the gel): the interface between physics (the bead-maze simulator) and the simulated tactile sensor.
/// </summary>
/// <param name="Shape">The indenting geometry; <see cref="IndenterShape.None"/> means no contact.</param>
/// <param name="NormalForce">Force pressing into the gel, newtons (&gt;= 0).</param>
/// <param name="Shear">Tangential load on the pad, newtons (x, y in the pad plane).</param>
/// <param name="Center">Contact centre on the pad, millimetres from the pad centre (x, y).</param>
/// <param name="RadiusMm">Sphere or cylinder radius in millimetres.</param>
/// <param name="Axis">Unit direction of a cylinder's axis in the pad plane (z ignored).</param>
public sealed record ContactState(IndenterShape Shape, double NormalForce, Vec3 Shear, Vec3 Center, double RadiusMm, Vec3 Axis)
{
    public static ContactState NoContact { get; } = new(IndenterShape.None, 0, Vec3.Zero, Vec3.Zero, 0, Vec3.UnitX);

    public bool InContact => Shape != IndenterShape.None && NormalForce > 0;

    /// <summary>
    /// Length of a cylinder along its axis, millimetres, with rounded ends (a bead's sleeve); infinite by default
    /// (a wire across the whole pad).
    /// </summary>
    public double LengthMm { get; init; } = double.PositiveInfinity;
}
