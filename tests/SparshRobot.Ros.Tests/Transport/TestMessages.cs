using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Messages.StdMsgs;

namespace SparshRobot.Ros.Tests.Transport;

/// <summary>Real typed messages with the values the transport and interop tests exchange.</summary>
public static class TestMessages
{
    public static PoseStamped PoseStamped(Header header, double px, double py, double pz, double qx, double qy, double qz, double qw) =>
        new(header, new Pose(new Point(px, py, pz), new Quaternion(qx, qy, qz, qw)));

    /// <summary>An rgb8 image whose bytes follow <c>i * 7 + seed</c>, as the C peer fixture generates them.</summary>
    public static Image Gradient(string frame, uint height, uint width, int seed, int sec = 0, uint nanosec = 0)
    {
        var data = new byte[height * width * 3];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(i * 7 + seed);
        }
        return new Image(new Header(new Time(sec, nanosec), frame), height, width, "rgb8", 0, width * 3, data);
    }
}
