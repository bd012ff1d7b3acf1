using System.Collections.Concurrent;
using SparshRobot.Ros.Dds;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Ros.Tests.Transport;
using SparshRobot.Ros.Transport;
using static SparshRobot.Ros.Tests.Dds.DdsTestSupport;
using StdString = SparshRobot.Ros.Messages.StdMsgs.String;

namespace SparshRobot.Ros.Tests.Dds;

[TestFixture]
[Category("dds")]
public class DdsTransportTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Test]
    public void TypedMessagesCrossBetweenTwoParticipants()
    {
        var domain = NewDomainId();
        using var a = new DdsTransport(Localhost(domain));
        using var b = new DdsTransport(Localhost(domain));
        var received = new ConcurrentQueue<PoseStamped>();
        using var sub = b.Subscribe<PoseStamped>("/robot/pose", QosProfile.Default, received.Enqueue);
        using var pub = a.CreateWriter<PoseStamped>("/robot/pose", QosProfile.Default);
        Assert.That(WaitUntil(() => pub.MatchedSubscriptions == 1, Timeout), "writer never matched the reader");

        var sent = TestMessages.PoseStamped(new Header(new Time(5, 6), "base_link"), 1, 2, 3, 0, 0, 0.7071, 0.7071);
        pub.Write(sent);
        Assert.That(WaitUntil(() => !received.IsEmpty, Timeout), "no message arrived");
        received.TryDequeue(out var got);
        Assert.That(got, Is.EqualTo(sent));
    }

    [Test]
    public void RawSubscriberSeesExactlyTheSerializedBytes()
    {
        var domain = NewDomainId();
        using var a = new DdsTransport(Localhost(domain));
        using var b = new DdsTransport(Localhost(domain));
        var received = new ConcurrentQueue<RawMessage>();
        using var sub = b.SubscribeRaw("/camera/image", Image.TypeName, QosProfile.SensorData, received.Enqueue);
        using var pub = a.CreateWriter<Image>("/camera/image", QosProfile.SensorData);
        Assert.That(WaitUntil(() => pub.MatchedSubscriptions == 1, Timeout), "writer never matched the reader");

        var image = TestMessages.Gradient("cam", 240, 320, seed: 3, sec: 7, nanosec: 8);
        pub.Write(image);
        Assert.That(WaitUntil(() => !received.IsEmpty, Timeout), "no message arrived");
        received.TryDequeue(out var raw);
        Assert.That(raw.Data.ToArray(), Is.EqualTo(RosSerializer.Serialize(image)));
        Assert.That(raw.RosTypeName, Is.EqualTo("sensor_msgs/msg/Image"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void RawSubscriberGetsEveryMessageIntactLargeAndSmall(bool borrow)
    {
        var domain = NewDomainId();
        using var a = new DdsTransport(Localhost(domain));
        using var b = new DdsTransport(Localhost(domain));
        // Alternating image sizes (a few bytes of pixels, then a 320x240 rgb8 frame) so a reused buffer that is
        // longer than the message, or a kept array that the next message overwrites, shows up as a mismatch.
        var images = Enumerable.Range(0, 40)
            .Select(i => i % 2 == 0 ? TestMessages.Gradient("small", 1, 2, seed: i, sec: i, nanosec: 0) : TestMessages.Gradient("big", 240, 320, seed: i, sec: i, nanosec: 0))
            .Select(RosSerializer.Serialize).ToList();
        var kept = new ConcurrentQueue<ReadOnlyMemory<byte>>();
        var copies = new ConcurrentQueue<byte[]>();
        var qos = QosProfile.Default with { History = History.KeepAll };
        using var sub = b.SubscribeRaw("/camera/image", Image.TypeName, qos, m =>
        {
            kept.Enqueue(m.Data);
            copies.Enqueue(m.Data.ToArray());
        }, new RawEndpointOptions { BorrowData = borrow });
        using var pub = a.CreateRawWriter("/camera/image", Image.TypeName, qos);
        Assert.That(WaitUntil(() => pub.MatchedSubscriptions == 1, Timeout), "writer never matched the reader");

        foreach (var cdr in images)
        {
            pub.Write(cdr);
        }
        Assert.That(WaitUntil(() => copies.Count == images.Count, Timeout), $"{copies.Count} of {images.Count} messages arrived");
        Assert.That(copies, Is.EqualTo(images), "bytes seen inside the callback");
        if (!borrow)
        {
            // Owned data is the caller's to keep: later messages must not have reused its array.
            Assert.That(kept.Select(m => m.ToArray()), Is.EqualTo(images), "bytes kept after later messages arrived");
        }
    }

    [TestCase(false, false)]
    [TestCase(true, false)]
    [TestCase(false, true)]
    [TestCase(true, true)]
    public void ManyFastMessagesArriveInOrderWhicheverWayTheyAreLent(bool borrow, bool onReceiveThread)
    {
        var domain = NewDomainId();
        using var a = new DdsTransport(Localhost(domain));
        using var b = new DdsTransport(Localhost(domain));
        // Lengths cycle through every padding count, so borrowed messages alternate between bytes lent in place
        // (no padding) and the pooled copy that trims it; a mix-up between the two shows as wrong bytes or order.
        var messages = Enumerable.Range(0, 3000).Select(i => RosSerializer.Serialize(new StdString($"{i}:{new string('x', i % 7)}"))).ToList();
        var received = new ConcurrentQueue<byte[]>();
        var qos = QosProfile.Default with { History = History.KeepAll };
        using var sub = b.SubscribeRaw("/fast", StdString.TypeName, qos, m => received.Enqueue(m.Data.ToArray()),
            new RawEndpointOptions { BorrowData = borrow, DeliverOnReceiveThread = onReceiveThread });
        using var pub = a.CreateRawWriter("/fast", StdString.TypeName, qos);
        Assert.That(WaitUntil(() => pub.MatchedSubscriptions == 1, Timeout), "writer never matched the reader");

        foreach (var cdr in messages)
        {
            pub.Write(cdr);
        }
        Assert.That(WaitUntil(() => received.Count == messages.Count, Timeout), $"{received.Count} of {messages.Count} messages arrived");
        Assert.That(received, Is.EqualTo(messages));
    }

    /// <summary>
    /// Messages written on several topics while the receive thread is busy all wait for its next wake, where the
    /// waitset lists the ready readers in an order of its own: they must still reach the callbacks as they were written
    /// (a simulator applying a grip command after the motion command published after it replays a different episode).
    /// </summary>
    [TestCase(true)]
    [TestCase(false)]
    public void MessagesOnSeveralTopicsArriveInTheOrderTheyWereWritten(bool oneParticipant)
    {
        var domain = NewDomainId();
        using var receiver = new DdsTransport(Localhost(domain));
        using var other = oneParticipant ? null : new DdsTransport(Localhost(domain));
        var sender = other ?? receiver;
        var qos = QosProfile.Default with { History = History.KeepAll };
        using var release = new ManualResetEventSlim();
        using var holding = new ManualResetEventSlim();
        using var hold = receiver.Subscribe<StdString>("/hold", qos, _ =>
        {
            holding.Set();
            release.Wait(Timeout);
        });
        string[] topics = ["/grip", "/twist", "/events"];
        var seen = new ConcurrentQueue<string>();
        var subscriptions = topics.Select(t => receiver.Subscribe<StdString>(t, qos, m => seen.Enqueue(m.Data))).ToList();
        var writers = topics.Select(t => sender.CreateWriter<StdString>(t, qos)).ToList();
        var holdWriter = sender.CreateWriter<StdString>("/hold", qos);
        try
        {
            Assert.That(WaitUntil(() => writers.Append(holdWriter).All(w => w.MatchedSubscriptions == 1), Timeout), "writers never matched the readers");
            holdWriter.Write(new StdString("hold"));
            Assert.That(holding.Wait(Timeout), "the receive thread never took the holding message");
            // Each topic's turn comes in a different order every round, so no reader order can match by chance.
            var sent = new List<string>();
            for (var round = 0; round < 6; round++)
            {
                foreach (var w in new[] { round % 3, (round + 1 + round % 2) % 3, (round + 2 - round % 2) % 3 })
                {
                    var text = $"{topics[w]} {round}";
                    writers[w].Write(new StdString(text));
                    sent.Add(text);
                }
            }
            release.Set();
            Assert.That(WaitUntil(() => seen.Count == sent.Count, Timeout), $"{seen.Count} of {sent.Count} messages arrived");
            Assert.That(seen, Is.EqualTo(sent));
        }
        finally
        {
            release.Set();
            subscriptions.ForEach(s => s.Dispose());
            writers.ForEach(w => w.Dispose());
            holdWriter.Dispose();
        }
    }

    [Test]
    public void BorrowedBytesReadAfterTheCallbackFailWithAClearError()
    {
        var domain = NewDomainId();
        using var a = new DdsTransport(Localhost(domain));
        using var b = new DdsTransport(Localhost(domain));
        var kept = new ConcurrentQueue<ReadOnlyMemory<byte>>();
        var inside = new ConcurrentQueue<byte[]>();
        using var sub = b.SubscribeRaw("/lent", Image.TypeName, QosProfile.Default, m =>
        {
            inside.Enqueue(m.Data.ToArray());
            kept.Enqueue(m.Data);
        }, new RawEndpointOptions { BorrowData = true });
        using var pub = a.CreateWriter<Image>("/lent", QosProfile.Default);
        Assert.That(WaitUntil(() => pub.MatchedSubscriptions == 1, Timeout), "writer never matched the reader");

        // 320x240 rgb8 with this frame id is a multiple of 4 bytes: no padding, so the bytes are lent in place.
        var image = TestMessages.Gradient("big", 240, 320, seed: 1, sec: 1, nanosec: 0);
        Assert.That(RosSerializer.Serialize(image).Length % 4, Is.Zero);
        pub.Write(image);
        Assert.That(WaitUntil(() => kept.Count == 1, Timeout), "no message arrived");
        Assert.That(inside.Single(), Is.EqualTo(RosSerializer.Serialize(image)));
        kept.TryDequeue(out var stale);
        Assert.That(() => stale.Span.ToArray(), Throws.TypeOf<ObjectDisposedException>().With.Message.Contains("/lent").And.Message.Contains("copy"));
    }

    [TestCase(false, false)]
    [TestCase(true, false)]
    [TestCase(true, true)]
    public void ACallbackThatThrowsDoesNotStopTheReader(bool borrow, bool onReceiveThread)
    {
        var domain = NewDomainId();
        using var a = new DdsTransport(Localhost(domain));
        using var b = new DdsTransport(Localhost(domain));
        var seen = new ConcurrentQueue<string>();
        var others = 0;
        var qos = QosProfile.Default with { History = History.KeepAll };
        using var sub = b.SubscribeRaw("/faulty", StdString.TypeName, qos, m =>
        {
            var text = RosSerializer.Deserialize<StdString>(m.Data.Span).Data;
            seen.Enqueue(text);
            if (text.EndsWith('!'))
            {
                throw new InvalidOperationException("callback failure under test");
            }
        }, new RawEndpointOptions { BorrowData = borrow, DeliverOnReceiveThread = onReceiveThread });
        using var other = b.Subscribe<StdString>("/other", qos, _ => Interlocked.Increment(ref others));
        using var pub = a.CreateWriter<StdString>("/faulty", qos);
        using var otherPub = a.CreateWriter<StdString>("/other", qos);
        Assert.That(WaitUntil(() => pub.MatchedSubscriptions == 1 && otherPub.MatchedSubscriptions == 1, Timeout), "writers never matched");

        var texts = Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? $"{i}!" : $"{i}").ToList();
        foreach (var text in texts)
        {
            pub.Write(new StdString(text));
            otherPub.Write(new StdString(text));
        }
        Assert.That(WaitUntil(() => seen.Count == texts.Count && others == texts.Count, Timeout), $"{seen.Count} and {others} of {texts.Count} arrived");
        Assert.That(seen, Is.EqualTo(texts));
    }

    [Test]
    public void AReaderOnTheReceiveThreadGetsTheHistoryThatWasThereBeforeItAndRunsOnTheDeliveringThread()
    {
        var domain = NewDomainId();
        using var a = new DdsTransport(Localhost(domain));
        using var b = new DdsTransport(Localhost(domain));
        var latched = QosProfile.Default with { Durability = Durability.TransientLocal, Depth = 3 };
        using var pub = a.CreateWriter<StdString>("/latched", latched);
        foreach (var text in new[] { "one", "two", "three" })
        {
            pub.Write(new StdString(text));
        }
        var received = new ConcurrentQueue<(string Text, int Thread)>();
        using var sub = b.SubscribeRaw("/latched", StdString.TypeName, latched,
            m => received.Enqueue((RosSerializer.Deserialize<StdString>(m.Data.Span).Data, Environment.CurrentManagedThreadId)),
            new RawEndpointOptions { DeliverOnReceiveThread = true });
        Assert.That(WaitUntil(() => received.Count == 3, Timeout), $"{received.Count} of 3 latched messages arrived");

        // A local writer delivers inside its own write: on this thread, not the transport's receive thread.
        pub.Write(new StdString("four"));
        Assert.That(WaitUntil(() => received.Count == 4, Timeout), "the live message did not arrive");
        Assert.That(received.Select(r => r.Text), Is.EqualTo(new[] { "one", "two", "three", "four" }));
        Assert.That(received.Last().Thread, Is.EqualTo(Environment.CurrentManagedThreadId));
    }

    [Test]
    public void DisposingAReceiveThreadReaderWhileMessagesAreInFlightIsSafe()
    {
        var domain = NewDomainId();
        using var a = new DdsTransport(Localhost(domain));
        var b = new DdsTransport(Localhost(domain));
        var received = 0;
        var sub = b.SubscribeRaw("/img", Image.TypeName, QosProfile.SensorData, _ =>
        {
            Interlocked.Increment(ref received);
            Thread.Sleep(1);
        }, new RawEndpointOptions { BorrowData = true, DeliverOnReceiveThread = true });
        var other = b.SubscribeRaw("/img", Image.TypeName, QosProfile.SensorData, _ => Interlocked.Increment(ref received),
            new RawEndpointOptions { DeliverOnReceiveThread = true });
        using var pub = a.CreateWriter<Image>("/img", QosProfile.SensorData);
        Assert.That(WaitUntil(() => pub.MatchedSubscriptions == 2, Timeout));
        using (Flood(pub))
        {
            Assert.That(WaitUntil(() => received > 10, Timeout));
            sub.Dispose();
            b.Dispose();
            other.Dispose();
            var after = received;
            Thread.Sleep(100);
            Assert.That(received, Is.EqualTo(after), "a callback ran after its reader was disposed");
        }
    }

    [Test]
    public void BestEffortWriterDoesNotMatchReliableReader()
    {
        var domain = NewDomainId();
        using var a = new DdsTransport(Localhost(domain));
        using var b = new DdsTransport(Localhost(domain));
        var received = 0;
        using var reliable = b.Subscribe<PoseStamped>("/pose", QosProfile.Default, _ => Interlocked.Increment(ref received));
        using var bestEffort = (DdsTransport.DdsEndpoint)a.CreateRawWriter("/pose", PoseStamped.TypeName, QosProfile.SensorData);

        // DDS reports the refusal as an offered-incompatible-QoS event on the writer; it must never match.
        Assert.That(WaitUntil(() => bestEffort.IncompatibleQosCount > 0, Timeout), "no incompatible QoS event was raised");
        Assert.That(bestEffort.MatchedSubscriptions, Is.Zero);
        var message = RosSerializer.Serialize(TestMessages.PoseStamped(new Header(new Time(1, 0), "map"), 0, 0, 0, 0, 0, 0, 1));
        bestEffort.Write(message);
        Thread.Sleep(300);
        Assert.That(received, Is.Zero);

        // The same reader does take a reliable writer's messages on that topic, so the refusal was about QoS.
        using var reliableWriter = a.CreateRawWriter("/pose2", PoseStamped.TypeName, QosProfile.Default);
        using var reliable2 = b.Subscribe<PoseStamped>("/pose2", QosProfile.Default, _ => Interlocked.Increment(ref received));
        Assert.That(WaitUntil(() => reliableWriter.MatchedSubscriptions == 1, Timeout));
        reliableWriter.Write(message);
        Assert.That(WaitUntil(() => received == 1, Timeout));
    }

    [Test]
    public void MalformedCdrIsCountedAndDroppedWithoutStoppingDelivery()
    {
        var domain = NewDomainId();
        using var a = new DdsTransport(Localhost(domain));
        using var b = new DdsTransport(Localhost(domain));
        var received = new ConcurrentQueue<PoseStamped>();
        using var sub = b.Subscribe<PoseStamped>("/pose", QosProfile.Default, received.Enqueue);
        using var raw = a.CreateRawWriter("/pose", PoseStamped.TypeName, QosProfile.Default);
        Assert.That(WaitUntil(() => raw.MatchedSubscriptions == 1, Timeout));

        var good = RosSerializer.Serialize(TestMessages.PoseStamped(new Header(new Time(1, 2), "map"), 1, 2, 3, 4, 5, 6, 7));
        raw.Write(good.AsSpan(0, 30)); // truncated inside the doubles
        raw.Write([0x00, 0x01, 0x00, 0x00, 0xff, 0xff, 0xff, 0x7f]); // absurd string length
        raw.Write(good);
        Assert.That(WaitUntil(() => received.Count == 1 && b.MalformedDropped == 2, Timeout),
            $"received {received.Count}, dropped {b.MalformedDropped}");
    }

    [Test]
    public void DisposingWhileMessagesAreInFlightIsSafe()
    {
        var domain = NewDomainId();
        using var a = new DdsTransport(Localhost(domain));
        var b = new DdsTransport(Localhost(domain));
        var received = 0;
        var sub = b.Subscribe<Image>("/img", QosProfile.SensorData, _ =>
        {
            Interlocked.Increment(ref received);
            Thread.Sleep(1); // a slow callback keeps the receive thread busy while we tear down
        });
        using var pub = a.CreateWriter<Image>("/img", QosProfile.SensorData);
        Assert.That(WaitUntil(() => pub.MatchedSubscriptions == 1, Timeout));
        using (Flood(pub))
        {
            Assert.That(WaitUntil(() => received > 10, Timeout));
            // Liveness, not speed: a drain loop that never yields to a writer outpacing the callbacks once held teardown for minutes.
            var teardown = System.Diagnostics.Stopwatch.StartNew();
            sub.Dispose();
            b.Dispose();
            Assert.That(teardown.Elapsed, Is.LessThan(Timeout), "teardown waited on a receive thread that never let go");
            var after = received;
            Thread.Sleep(100);
            Assert.That(received, Is.EqualTo(after), "a callback ran after the transport was disposed");
        }
    }

    /// <summary>Writes small images as fast as <paramref name="pub"/> takes them until disposed (which waits for the writer).</summary>
    private static Flooding Flood(ITransportWriter<Image> pub) => new(pub, TestMessages.Gradient("cam", 64, 64, 1));

    private sealed class Flooding : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _writer;

        public Flooding(ITransportWriter<Image> pub, Image image) =>
            _writer = Task.Run(() =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    pub.Write(image);
                }
            });

        public void Dispose()
        {
            _stop.Cancel();
            _writer.Wait();
            _stop.Dispose();
        }
    }
}
