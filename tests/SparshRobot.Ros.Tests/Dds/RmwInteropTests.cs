using System.Collections.Concurrent;
using System.Globalization;
using SparshRobot.Ros.Dds;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Ros.Tests.Transport;
using SparshRobot.Ros.Transport;
using static SparshRobot.Ros.Tests.Dds.DdsTestSupport;

namespace SparshRobot.Ros.Tests.Dds;

/// <summary>
/// Two processes over real DDS on loopback: our transport against a C program whose serializer idlc generated from
/// the ROS IDL. Bytes we publish must be what Cyclone's own serializer produces, and vice versa.
/// </summary>
[TestFixture]
[Category("dds")]
public class RmwInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Test]
    public void PoseStampedFromIdlcPeerHasOurSerializersBytes()
    {
        var domain = NewDomainId();
        using var transport = new DdsTransport(Localhost(domain));
        var raw = new ConcurrentQueue<RawMessage>();
        var typed = new ConcurrentQueue<PoseStamped>();
        using var rawSub = transport.SubscribeRaw("/peer/pose", PoseStamped.TypeName, QosProfile.Default, raw.Enqueue);
        using var typedSub = transport.Subscribe<PoseStamped>("/peer/pose", QosProfile.Default, typed.Enqueue);

        // base_link makes the header end at 22, so the doubles need 2 bytes of padding.
        using var peer = DdsPeer.Start("pub-pose", Inv(domain), "/peer/pose", "base_link", "12", "345", "1.5", "-2.25", "3", "0.1", "0.2", "0.3", "0.9", "3");
        DdsPeer.Finish(peer, Timeout);
        Assert.That(WaitUntil(() => raw.Count == 3 && typed.Count == 3, Timeout), $"got {raw.Count} raw, {typed.Count} typed");

        var expected = TestMessages.PoseStamped(new Header(new Time(12, 345), "base_link"), 1.5, -2.25, 3, 0.1, 0.2, 0.3, 0.9);
        var ours = RosSerializer.Serialize(expected);
        Assert.That(ours, Has.Length.EqualTo(84));
        Assert.That(raw.First().Data.ToArray(), Is.EqualTo(ours));
        Assert.That(typed.First(), Is.EqualTo(expected));
    }

    [Test]
    public void ImageFromIdlcPeerHasOurSerializersBytes()
    {
        var domain = NewDomainId();
        using var transport = new DdsTransport(Localhost(domain));
        var raw = new ConcurrentQueue<RawMessage>();
        var borrowed = new ConcurrentQueue<byte[]>();
        using var rawSub = transport.SubscribeRaw("/peer/image", Image.TypeName, QosProfile.Default, raw.Enqueue);
        // Borrowed on Cyclone's receive thread: the 230 kB image is taken inside the data-available listener.
        using var borrowingSub = transport.SubscribeRaw("/peer/image", Image.TypeName, QosProfile.Default, m => borrowed.Enqueue(m.Data.ToArray()),
            new RawEndpointOptions { BorrowData = true, DeliverOnReceiveThread = true });

        // 320x240 rgb8 is 230 kB: many DDSI fragments, so reassembly in the shim's from_ser is exercised.
        using var peer = DdsPeer.Start("pub-image", Inv(domain), "/peer/image", "cam", "7", "8", "240", "320", "5", "2");
        DdsPeer.Finish(peer, Timeout);
        Assert.That(WaitUntil(() => raw.Count == 2 && borrowed.Count == 2, Timeout), $"got {raw.Count} raw, {borrowed.Count} borrowed");

        var expected = RosSerializer.Serialize(TestMessages.Gradient("cam", 240, 320, seed: 5, sec: 7, nanosec: 8));
        Assert.That(raw.First().Data.ToArray(), Is.EqualTo(expected));
        Assert.That(borrowed.First(), Is.EqualTo(expected));
    }

    [Test]
    public void OddSizedMessagesArePaddedAndTrimmedAsCycloneDoes()
    {
        // 1x1 rgb8 makes 51 bytes: Cyclone's serializer pads to 52 and sets the pad count in the options byte.
        var domain = NewDomainId();
        using var transport = new DdsTransport(Localhost(domain));
        var raw = new ConcurrentQueue<RawMessage>();
        var borrowed = new ConcurrentQueue<(byte[] Bytes, ReadOnlyMemory<byte> Lent)>();
        using var rawSub = transport.SubscribeRaw("/peer/tiny", Image.TypeName, QosProfile.Default, raw.Enqueue);
        // A borrowing reader gets the received bytes lent in place (the shim dropped the padding on receipt), not a
        // trimmed copy: the lent memory is withdrawn once the callback returns.
        using var borrowingSub = transport.SubscribeRaw("/peer/tiny", Image.TypeName, QosProfile.Default, m => borrowed.Enqueue((m.Data.ToArray(), m.Data)),
            new RawEndpointOptions { BorrowData = true });
        using var peer = DdsPeer.Start("pub-image", Inv(domain), "/peer/tiny", "c", "1", "2", "1", "1", "0", "1");
        DdsPeer.Finish(peer, Timeout);
        Assert.That(WaitUntil(() => raw.Count == 1 && borrowed.Count == 1, Timeout));
        var expected = RosSerializer.Serialize(TestMessages.Gradient("c", 1, 1, seed: 0, sec: 1, nanosec: 2));
        Assert.That(expected, Has.Length.EqualTo(51));
        Assert.That(raw.First().Data.ToArray(), Is.EqualTo(expected));
        Assert.That(borrowed.First().Bytes, Is.EqualTo(expected));
        Assert.That(() => borrowed.First().Lent.ToArray(), Throws.TypeOf<ObjectDisposedException>(), "the received bytes were copied, not lent");

        // And the other way: our 51-byte message decodes in the C reader.
        using var pub = transport.CreateWriter<Image>("/us/tiny", QosProfile.Default);
        using var echo = DdsPeer.Start("echo-image", Inv(domain), "/us/tiny", "1", "15");
        Assert.That(WaitUntil(() => pub.MatchedSubscriptions == 1, Timeout));
        pub.Write(TestMessages.Gradient("c", 1, 1, seed: 0, sec: 1, nanosec: 2));
        Assert.That(DdsPeer.Finish(echo, Timeout), Does.Contain("image sec=1 nsec=2 frame=c height=1 width=1 encoding=rgb8 bigendian=0 step=3 len=3 hash="));
    }

    [Test]
    public void PoseStampedWePublishDecodesInIdlcPeer()
    {
        var domain = NewDomainId();
        using var transport = new DdsTransport(Localhost(domain));
        using var pub = transport.CreateWriter<PoseStamped>("/us/pose", QosProfile.Default);
        using var peer = DdsPeer.Start("echo-pose", Inv(domain), "/us/pose", "1", "15");
        Assert.That(WaitUntil(() => pub.MatchedSubscriptions == 1, Timeout), "the C reader never matched our writer");

        pub.Write(TestMessages.PoseStamped(new Header(new Time(-3, 999_999_999), "odom"), 0.5, 1e-300, -7, 0, 0, 1, 0));
        var output = DdsPeer.Finish(peer, Timeout);
        Assert.That(output, Does.Contain("pose sec=-3 nsec=999999999 frame=odom p=0.5,1e-300,-7 q=0,0,1,0"));
    }

    [Test]
    public void ImageWePublishDecodesInIdlcPeer()
    {
        var domain = NewDomainId();
        using var transport = new DdsTransport(Localhost(domain));
        using var pub = transport.CreateWriter<Image>("/us/image", QosProfile.Default);
        using var peer = DdsPeer.Start("echo-image", Inv(domain), "/us/image", "1", "15");
        Assert.That(WaitUntil(() => pub.MatchedSubscriptions == 1, Timeout), "the C reader never matched our writer");

        var image = TestMessages.Gradient("camera_optical", 240, 320, seed: 9, sec: 100, nanosec: 42);
        pub.Write(image);
        var output = DdsPeer.Finish(peer, Timeout);
        ulong hash = 0;
        foreach (var b in image.Data.ToArray())
        {
            hash = unchecked(hash * 31 + b);
        }
        Assert.That(output, Does.Contain(
            $"image sec=100 nsec=42 frame=camera_optical height=240 width=320 encoding=rgb8 bigendian=0 step=960 len=230400 hash={hash}"));
    }

    private static string Inv(uint value) => value.ToString(CultureInfo.InvariantCulture);
}
