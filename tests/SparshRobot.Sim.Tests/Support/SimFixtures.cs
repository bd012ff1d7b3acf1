using SparshRobot.Core.Geometry;
using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Sim.Mazes;
using SparshRobot.Sim.Recording;
using SparshRobot.Sim.Simulation;

namespace SparshRobot.Sim.Tests.Support;

internal static class SimFixtures
{
    /// <summary>A horizontal straight wire along +x, 0.2 m long, at z = 0.3 m.</summary>
    public static Maze StraightMaze(double length = 0.2, double headingDeg = 0) =>
        new("line", MazeFamily.Authored, new Vec3(0, 0, 0.3), headingDeg, [new StraightSegment(length)]);
}

/// <summary>
/// A stand-in for the tactile layer's simulated DIGIT, for tests only: a flat 320x240 RGB image whose grey level
/// encodes the normal force and contact centre, so tests can tell frames of different contacts apart.
/// </summary>
internal sealed class EncodingRenderer : ITactileFrameRenderer
{
    public int Calls { get; private set; }

    public TactileFrame Render(TactileRenderRequest request)
    {
        Calls++;
        var pixels = new byte[320 * 240 * 3];
        var level = (byte)Math.Clamp(request.Contact.NormalForce * 20 + request.Contact.Center.X * 5 + 100 + request.Conditions.LightingOffset, 0, 255);
        Array.Fill(pixels, level);
        return new TactileFrame(request.SensorId, request.Stamp, request.Sequence, 240, 320, PixelEncoding.Rgb8, pixels);
    }
}

/// <summary>Keeps every recorded message, for checking topics, rates and order.</summary>
internal sealed class MemorySink : IDemoSink
{
    public List<(DemoTopic Topic, Timestamp Stamp, DemoMessage Message)> Messages { get; } = [];

    public List<string> Episodes { get; } = [];

    public List<TactileFrame> Backgrounds { get; } = [];

    public List<bool> Outcomes { get; } = [];

    public void BeginEpisode(string name, IReadOnlyList<DemoTopic> topics) => Episodes.Add(name);

    public void WriteBackground(TactileFrame background) => Backgrounds.Add(background);

    public void Write(DemoTopic topic, Timestamp stamp, DemoMessage message) => Messages.Add((topic, stamp, message));

    public void EndEpisode(bool success) => Outcomes.Add(success);
}
