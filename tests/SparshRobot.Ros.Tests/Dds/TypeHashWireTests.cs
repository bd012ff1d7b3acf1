using SparshRobot.Ros.Dds;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Transport;
using static SparshRobot.Ros.Tests.Dds.DdsTestSupport;
using StdString = SparshRobot.Ros.Messages.StdMsgs.String;

namespace SparshRobot.Ros.Tests.Dds;

[Category("dds")]
public class TypeHashWireTests
{
    private const string StringHash = "RIHS01_df668c740482bbd48fb39d76a70dfd4bd59db1288021743503259e948f6b1a18";

    [TestCase(true)]
    [TestCase(false)]
    public void EndpointsAnnounceTheirTypeHashFromIronOn(bool jazzy)
    {
        var domain = NewDomainId();
        using var transport = new DdsTransport(Localhost(domain) with { AnnounceTypeHashes = jazzy });
        using var observer = new DdsTransport(Localhost(domain));
        using var writer = transport.CreateWriter<StdString>("/chatter", QosProfile.Default);
        using var reader = transport.Subscribe<StdString>("/chatter", QosProfile.Default, _ => { });

        var seen = observer.DiscoverEndpoints(TimeSpan.FromSeconds(1)).Where(e => e.DdsTopic == "rt/chatter").ToList();

        Assert.That(seen, Has.Count.EqualTo(2));
        Assert.That(seen.Select(e => e.UserData), Is.All.EqualTo(jazzy ? $"typehash={StringHash};" : ""));
    }

    [Test]
    public void AWriterBuiltFromAnotherDefinitionIsReportedOnce()
    {
        var domain = NewDomainId();
        using var ours = new DdsTransport(Localhost(domain) with { AnnounceTypeHashes = true });
        using var theirs = new DdsTransport(Localhost(domain) with { AnnounceTypeHashes = false });
        var received = 0;
        using var reader = ours.Subscribe<StdString>("/chatter", QosProfile.Default, _ => Interlocked.Increment(ref received));
        using var drifted = theirs.CreateRawWriter("/chatter", StdString.TypeName, QosProfile.Default,
            new RawEndpointOptions { UserData = "typehash=RIHS01_" + new string('0', 63) + "1;" });
        using var same = theirs.CreateRawWriter("/chatter", StdString.TypeName, QosProfile.Default,
            new RawEndpointOptions { UserData = $"typehash={StringHash};" });
        Assert.That(WaitUntil(() => drifted.MatchedSubscriptions > 0 && same.MatchedSubscriptions > 0, TimeSpan.FromSeconds(10)), Is.True);

        var hello = RosSerializer.Serialize(new StdString("hi"));
        for (var i = 0; i < 3; i++)
        {
            drifted.Write(hello);
            same.Write(hello);
        }

        Assert.That(WaitUntil(() => Volatile.Read(ref received) == 6, TimeSpan.FromSeconds(10)), Is.True, "messages still flow: a hash never blocks");
        Assert.That(ours.TypeHashMismatches, Is.EqualTo(1), "one drifted writer, warned about once");
    }
}
