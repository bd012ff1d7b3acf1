using System.CommandLine;
using SparshRobot.Cli.Errors;
using SparshRobot.Core.Time;
using SparshRobot.Mcap;
using SparshRobot.Ros.Bags;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Dds.Native;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.Definitions;
using SparshRobot.Ros.Messages.Dynamic;

namespace SparshRobot.Cli.Commands;

/// <summary><c>sparsh-robot bag</c>: rosbag2 / MCAP tools; play and record speak ROS 2 over DDS.</summary>
public static class BagCommand
{
    public static Command Create()
    {
        var command = new Command("bag", "Read, inspect and repair rosbag2 bags (MCAP and sqlite3) and MCAP files.");
        command.Subcommands.Add(Info());
        command.Subcommands.Add(DumpRecords());
        command.Subcommands.Add(Echo());
        command.Subcommands.Add(Play());
        command.Subcommands.Add(Record());
        command.Subcommands.Add(Recover());
        command.Subcommands.Add(WriteSynthetic());
        return command;
    }

    private static Command Info()
    {
        var bag = new Argument<string>("bag") { Description = "Bag directory, or a single .mcap/.db3 file." };
        var command = new Command("info", "Print what `ros2 bag info` prints: files, size, duration, topics.") { bag };
        command.SetAction(r => Guard(() =>
        {
            using var b = RosBag.Open(r.GetValue(bag)!);
            Console.Out.Write(BagInfo.Format(b));
            return 0;
        }));
        return command;
    }

    private static Command Echo()
    {
        var bag = new Argument<string>("bag") { Description = "Bag directory, or a single .mcap/.db3 file." };
        var topic = new Option<string>("--topic") { Description = "The topic to print.", Required = true };
        var limit = new Option<int?>("--limit") { Description = "Stop after this many messages." };
        var full = new Option<bool>("--full-length") { Description = "Print long arrays and strings whole (default: first 128, as ros2 topic echo)." };
        var command = new Command("echo", "Decode one topic of a bag and print each message as YAML, like `ros2 topic echo`.") { bag, topic, limit, full };
        command.SetAction(r => Guard(() =>
        {
            using var b = RosBag.Open(r.GetValue(bag)!);
            var name = r.GetValue(topic)!;
            if (b.Connections.All(c => c.Name != name))
            {
                throw new ArgumentException($"topic '{name}' is not in the bag; it has {string.Join(", ", b.Connections.Select(c => c.Name).Distinct())}");
            }
            var decoder = new BagMessageDecoder();
            var max = r.GetValue(limit) ?? int.MaxValue;
            var truncate = r.GetValue(full) ? (int?)null : 128;
            foreach (var message in b.ReadMessages([name]).Take(max))
            {
                Console.Out.Write(MessageYaml.ToYaml(decoder.Decode(message), truncate));
                Console.Out.WriteLine("---");
            }
            return 0;
        }));
        return command;
    }

    private static Command Play()
    {
        var bag = new Argument<string>("bag") { Description = "Bag directory, or a single .mcap/.db3 file." };
        var rate = new Option<double>("--rate", "-r") { Description = "Playback speed factor.", DefaultValueFactory = _ => 1.0 };
        var loop = new Option<bool>("--loop", "-l") { Description = "Start over at the end until Ctrl-C." };
        var topics = new Option<string[]>("--topics") { Description = "Only these topics.", AllowMultipleArgumentsPerToken = true };
        var domain = TopicCommand.DomainOption();
        var localhost = TopicCommand.LocalhostOption();
        var command = new Command("play", "Republish a bag's messages on ROS 2 (DDS) at their recorded timing.") { bag, rate, loop, topics, domain, localhost };
        command.SetAction(r => Guard(() =>
        {
            if (r.GetValue(rate) <= 0)
            {
                throw new ArgumentException($"--rate must be positive, got {r.GetValue(rate)}");
            }
            using var b = RosBag.Open(r.GetValue(bag)!);
            var only = r.GetValue(topics) is { Length: > 0 } t ? t : null;
            using var transport = TopicCommand.Open(r, domain, localhost);
            var writers = b.Connections.Where(c => only is null || only.Contains(c.Name))
                .ToDictionary(c => c.Name, c => transport.CreateRawWriter(c.Name, c.Type, (c.Topic.OfferedQos.FirstOrDefault() ?? RecordedQos.Default).ToTransport()));
            using var stop = new ShutdownSignals();
            // Let discovery match the subscribers already waiting, so the first messages are not sent to nobody.
            SpinWait.SpinUntil(() => stop.Requested || writers.Values.All(w => w.MatchedSubscriptions > 0), TimeSpan.FromSeconds(1));
            var player = new BagPlayer(b, new PlaybackOptions { Rate = r.GetValue(rate), Loop = r.GetValue(loop), Topics = only });
            long played;
            try
            {
                played = player.PlayAsync((m, _) =>
                {
                    writers[m.Connection.Name].Write(m.Data.Span);
                    return ValueTask.CompletedTask;
                }, stop.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                played = -1;
            }
            foreach (var writer in writers.Values)
            {
                writer.Dispose();
            }
            Console.WriteLine(played >= 0 ? $"played {played} messages" : "stopped");
            return 0;
        }));
        return command;
    }

    private static Command Record()
    {
        var output = new Option<string>("--output", "-o") { Description = "The bag directory to create.", Required = true };
        var topics = new Argument<string[]>("topics") { Description = "Topics to record.", Arity = ArgumentArity.OneOrMore };
        var duration = new Option<double>("--duration") { Description = "Stop after this many seconds (0: until Ctrl-C)." };
        var compression = new Option<string>("--compression")
        {
            Description = "Chunk compression: zstd, lz4 or none (none streams each message to the file as it arrives).",
            DefaultValueFactory = _ => "zstd",
        };
        var domain = TopicCommand.DomainOption();
        var localhost = TopicCommand.LocalhostOption();
        var command = new Command("record", "Record ROS 2 topics (DDS) into an MCAP rosbag2 bag with metadata.yaml.")
        {
            output, topics, duration, compression, domain, localhost,
        };
        command.SetAction(r => Guard(() =>
        {
            // Before any DDS discovery: a misspelt option fails at once.
            var options = new BagRecorderOptions { Compression = McapCompression.Parse(r.GetValue(compression)!) };
            using var transport = TopicCommand.Open(r, domain, localhost);
            var names = r.GetValue(topics)!;
            var types = names.ToDictionary(n => n, n => TopicCommand.DiscoverType(transport, n));
            using var recorder = BagRecorder.Create(r.GetValue(output)!, options);
            var subscriptions = new List<IDisposable>();
            foreach (var (topic, type) in types)
            {
                recorder.AddTopic(BagConnection.ForRecording(topic, type));
                // Best effort with a deep queue matches reliable and best-effort publishers alike.
                subscriptions.Add(transport.SubscribeRaw(topic, type, Ros.Transport.QosProfile.SensorData with { Depth = 100 },
                    m => recorder.Write(topic, WallClock.Instance.Now().TotalNanoseconds, m.SourceTimestampNs, m.Data.Span)));
            }
            Console.WriteLine($"recording {string.Join(", ", types.Select(t => $"{t.Key} [{t.Value}]"))} into {recorder.BagDirectory}");
            using var stop = new ShutdownSignals();
            if (r.GetValue(duration) > 0)
            {
                stop.StopAfter(TimeSpan.FromSeconds(r.GetValue(duration)));
            }
            stop.Token.WaitHandle.WaitOne();
            subscriptions.ForEach(s => s.Dispose());
            Console.WriteLine($"recorded {recorder.MessageCount} messages");
            return 0;
        }));
        return command;
    }

    private static Command DumpRecords()
    {
        var file = new Argument<string>("file") { Description = "An .mcap file." };
        var command = new Command("dump-records",
            "Print every record of an MCAP file as JSON, in the MCAP conformance suite's streamed-reader format.") { file };
        command.SetAction(r => Guard(() =>
        {
            string path = r.GetValue(file)!;
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
            var reader = new McapStreamReader(fs, path, new McapReadOptions { AllowTruncated = false });
            using var stdout = Console.OpenStandardOutput();
            McapConformanceJson.Write(reader.ReadRecords(), stdout);
            return 0;
        }));
        return command;
    }

    private static Command Recover()
    {
        var bag = new Argument<string>("bag") { Description = "A bag directory or an .mcap file whose recording was cut short." };
        var command = new Command("recover",
            "Rewrite MCAP files that lack a summary (killed recording) keeping every complete record; rebuild metadata.yaml. Originals are kept as .orig.") { bag };
        command.SetAction(r => Guard(() =>
        {
            var reports = BagRecovery.Recover(r.GetValue(bag)!);
            foreach (var rep in reports)
            {
                Console.WriteLine($"{rep.Output}: kept {rep.Messages} messages, {rep.Channels} channels, " +
                                  $"{rep.Attachments} attachments, {rep.Metadata} metadata; dropped {rep.BytesDropped} trailing bytes " +
                                  $"(original kept as {rep.Input}.orig)");
                if (rep.Warning is not null)
                {
                    Console.WriteLine($"  {rep.Warning}");
                }
            }

            if (reports.Count == 0)
            {
                Console.WriteLine("every storage file already has a valid summary; metadata.yaml rebuilt");
            }

            return 0;
        }));
        return command;
    }

    /// <summary>Diagnostic: records std_msgs/String messages "synthetic N" with the real recorder and prints
    /// "durable N" whenever a chunk reaches the disk; the crash-safety test kills it mid-run.</summary>
    private static Command WriteSynthetic()
    {
        var output = new Option<string>("-o", "--output") { Description = "Bag directory to create.", Required = true };
        var count = new Option<int>("--count") { DefaultValueFactory = _ => 1000 };
        var rate = new Option<double>("--rate") { Description = "Messages per second (0: as fast as possible).", DefaultValueFactory = _ => 0 };
        var chunkAge = new Option<int>("--chunk-age-ms") { DefaultValueFactory = _ => 1000 };
        var chunkSize = new Option<int>("--chunk-size") { DefaultValueFactory = _ => 4 << 20 };
        var compression = new Option<string>("--compression")
        {
            Description = "none, zstd or lz4 (uncompressed chunks are streamed to the file).",
            DefaultValueFactory = _ => "zstd",
        };
        var command = new Command("write-synthetic", "Diagnostic: record a synthetic bag (crash-safety checks).")
        {
            output, count, rate, chunkAge, chunkSize, compression,
        };
        command.Hidden = true;
        command.SetAction(r => Guard(() =>
        {
            using var rec = BagRecorder.Create(r.GetValue(output)!, new BagRecorderOptions
            {
                ChunkMaxAge = TimeSpan.FromMilliseconds(r.GetValue(chunkAge)),
                ChunkSize = r.GetValue(chunkSize),
                Compression = McapCompression.Parse(r.GetValue(compression)!),
            });
            rec.Flushed += b => Console.Out.WriteLine($"durable {b.DurableMessages}");
            rec.AddTopic(new BagConnection(BagTopic.Cdr("/synthetic", "std_msgs/msg/String"), "ros2msg", "string data\n"));
            double hz = r.GetValue(rate);
            var start = System.Diagnostics.Stopwatch.StartNew();
            var cdr = new CdrWriter();
            for (int i = 0; i < r.GetValue(count); i++)
            {
                if (hz > 0)
                {
                    var due = TimeSpan.FromSeconds(i / hz);
                    if (due > start.Elapsed)
                    {
                        Thread.Sleep(due - start.Elapsed);
                    }
                }

                cdr.Reset();
                cdr.WriteString($"synthetic {i}");
                long now = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
                rec.Write("/synthetic", now, now, cdr.WrittenSpan);
            }

            return 0;
        }));
        return command;
    }

    /// <summary>Bad input ends with one clear line on stderr and exit code 2, not a stack trace.</summary>
    private static int Guard(Func<int> action) => UserErrors.Run(action, line => Console.Error.WriteLine($"error: {line}"), exitCode: 2);
}
