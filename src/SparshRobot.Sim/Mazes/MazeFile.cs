using SparshRobot.Core.Geometry;
using SparshRobot.Core.IO;

namespace SparshRobot.Sim.Mazes;

/// <summary>
/// Reads a maze from YAML:
/// <code>
/// name: s_curve
/// start: [0.0, 0.0, 0.3]     # metres, optional
/// heading_deg: 0             # in the board (x-z plane), from +x towards +z
/// wire_radius_mm: 1.5        # optional
/// segments:
///   - straight: { length: 0.05 }
///   - bend: { radius: 0.05, angle_deg: 90 }
///   - s_curve: { radius: 0.04, angle_deg: 60 }
///   - climb: { height: 0.05, radius: 0.04, angle_deg: 30 }
///   - loop: { radius: 0.04, pitch: 0.03, clockwise: false }
/// </code>
/// Errors name the file, the segment index and the field.
/// </summary>
public static class MazeFile
{
    public static Maze Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new MazeFormatException($"maze file '{path}' does not exist");
        }
        return Parse(File.ReadAllText(path), path);
    }

    public static Maze Parse(string yaml, string source)
    {
        MazeDto? dto;
        try
        {
            dto = YamlConfig.Parse<MazeDto>(yaml, source);
        }
        catch (InvalidDataException e)
        {
            throw new MazeFormatException(e.Message, e);
        }
        if (dto is null)
        {
            throw new MazeFormatException($"{source}: the file is empty; expected 'name' and 'segments'");
        }
        if (dto.Segments is not { Count: > 0 })
        {
            throw new MazeFormatException($"{source}: 'segments' is missing or empty");
        }
        var start = Vec3.Zero;
        if (dto.Start is { } s)
        {
            start = s.Count == 3 ? new Vec3(s[0], s[1], s[2]) : throw new MazeFormatException($"{source}: 'start' must be [x, y, z], got {s.Count} numbers");
        }
        var segments = dto.Segments.Select((seg, i) => seg.ToSegment($"{source}: segment {i}")).ToList();
        var name = string.IsNullOrWhiteSpace(dto.Name) ? Path.GetFileNameWithoutExtension(source) : dto.Name;
        try
        {
            return new Maze(name, MazeFamily.Authored, start, dto.HeadingDeg, segments, (dto.WireRadiusMm ?? 1.5) / 1000);
        }
        catch (MazeFormatException e)
        {
            throw new MazeFormatException($"{source}: {e.Message}", e);
        }
    }

    private sealed class MazeDto
    {
        public string? Name { get; set; }

        public string? Description { get; set; }

        public List<double>? Start { get; set; }

        public double HeadingDeg { get; set; }

        public double? WireRadiusMm { get; set; }

        public List<SegmentDto>? Segments { get; set; }
    }

    private sealed class SegmentDto
    {
        public StraightDto? Straight { get; set; }

        public BendDto? Bend { get; set; }

        public BendDto? SCurve { get; set; }

        public LoopDto? Loop { get; set; }

        public ClimbDto? Climb { get; set; }

        public MazeSegment ToSegment(string where)
        {
            var set = new object?[] { Straight, Bend, SCurve, Loop, Climb }.Count(x => x is not null);
            if (set != 1)
            {
                throw new MazeFormatException($"{where}: expected exactly one of straight, bend, s_curve, loop, climb; got {set}");
            }
            MazeSegment segment =
                Straight is { } st ? new StraightSegment(Required(st.Length, "straight.length", where))
                : Bend is { } b ? new BendSegment(Required(b.Radius, "bend.radius", where), Required(b.AngleDeg, "bend.angle_deg", where))
                : SCurve is { } c ? new SCurveSegment(Required(c.Radius, "s_curve.radius", where), Required(c.AngleDeg, "s_curve.angle_deg", where))
                : Loop is { } l ? new LoopSegment(Required(l.Radius, "loop.radius", where), Required(l.Pitch, "loop.pitch", where), l.Clockwise)
                : new ClimbSegment(Required(Climb!.Height, "climb.height", where), Required(Climb.Radius, "climb.radius", where), Climb.AngleDeg ?? 30);
            segment.Validate(where);
            return segment;
        }

        private static double Required(double? value, string field, string where) =>
            value ?? throw new MazeFormatException($"{where}: '{field}' is missing");
    }

    private sealed class StraightDto
    {
        public double? Length { get; set; }
    }

    private sealed class BendDto
    {
        public double? Radius { get; set; }

        public double? AngleDeg { get; set; }
    }

    private sealed class LoopDto
    {
        public double? Radius { get; set; }

        public double? Pitch { get; set; }

        public bool Clockwise { get; set; }
    }

    private sealed class ClimbDto
    {
        public double? Height { get; set; }

        public double? Radius { get; set; }

        public double? AngleDeg { get; set; }
    }
}
