using SparshRobot.Ros.Messages.ExampleInterfaces;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Tests.Services;
using SparshRobot.Testing;

namespace SparshRobot.Cli.Tests.Services;

[Category("slow")]
[Parallelizable(ParallelScope.All)]
public class ServiceCommandTests
{
    [Test]
    public void ListsTypesAndCallsAServiceOfAnotherProcess()
    {
        var domain = new DdsDomain();
        using var context = new RosContext(domain.OpenTransport());
        using var server = new SpunNode(context, "adder");
        var requests = new List<(long A, long B)>();
        server.Node.CreateService<AddTwoIntsRequest, AddTwoIntsResponse>("/math/add", r =>
        {
            lock (requests)
            {
                requests.Add((r.A, r.B));
            }
            return new AddTwoIntsResponse(r.A + r.B);
        });

        var (code, output, error) = domain.Cli("service", "list", "-t");
        Assert.That(code, Is.Zero, error);
        Assert.That(Lines(output), Does.Contain("/math/add [example_interfaces/srv/AddTwoInts]"), output);

        (code, output, error) = domain.Cli("service", "type", "/math/add");
        Assert.That((code, output.Trim()), Is.EqualTo((0, "example_interfaces/srv/AddTwoInts")), error);

        (code, output, error) = domain.Cli("service", "call", "/math/add", "example_interfaces/srv/AddTwoInts", "{a: 40, b: -2}");
        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Contain("requester: making request: example_interfaces/srv/AddTwoInts_Request\na: 40\nb: -2\n"));
        Assert.That(output, Does.EndWith("response: example_interfaces/srv/AddTwoInts_Response\nsum: 38\n"));
        Assert.That(requests, Is.EqualTo(new[] { (40L, -2L) }), "the server got the request once, as given");
    }

    [Test]
    public void ACallThatIsNeverAnsweredSaysWhichServiceTimedOut()
    {
        var domain = new DdsDomain();
        using var context = new RosContext(domain.OpenTransport());
        using var server = new SpunNode(context, "silent");
        server.Node.CreateService<AddTwoIntsRequest, AddTwoIntsResponse>("/silent",
            (_, token) => Task.Delay(Timeout.Infinite, token).ContinueWith(_ => new AddTwoIntsResponse(0), TaskScheduler.Default));

        var (code, _, error) = domain.Cli("service", "call", "/silent", "example_interfaces/srv/AddTwoInts", "--timeout", "1");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("service /silent (example_interfaces/srv/AddTwoInts) did not answer within 1 s"));
    }

    [Test]
    public void AMissingServiceSaysItDidNotAppear()
    {
        var (code, _, error) = new DdsDomain().Cli("service", "call", "/nobody", "std_srvs/srv/Trigger", "--timeout", "0.5");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("service /nobody (std_srvs/srv/Trigger) did not become available within 0.5 s"));
    }

    [Test]
    [NonParallelizable] // it times the calls: alone, a busy neighbour cannot stretch them
    public void RateAndCountRepeatTheCallAtThatRate()
    {
        var domain = new DdsDomain();
        using var context = new RosContext(domain.OpenTransport());
        using var server = new SpunNode(context, "adder");
        var arrivals = new List<(long A, TimeSpan At)>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        server.Node.CreateService<AddTwoIntsRequest, AddTwoIntsResponse>("/math/add", r =>
        {
            lock (arrivals)
            {
                arrivals.Add((r.A, clock.Elapsed));
            }
            return new AddTwoIntsResponse(r.A + r.B);
        });

        var (code, output, error) = domain.Cli("service", "call", "/math/add", "example_interfaces/srv/AddTwoInts", "{a: 2, b: 3}", "--rate", "5", "--count", "4");

        Assert.That(code, Is.Zero, error);
        Assert.That(System.Text.RegularExpressions.Regex.Count(output, "requester: making request: example_interfaces/srv/AddTwoInts_Request\na: 2\nb: 3\n"), Is.EqualTo(4), output);
        Assert.That(System.Text.RegularExpressions.Regex.Count(output, "response: example_interfaces/srv/AddTwoInts_Response\nsum: 5\n"), Is.EqualTo(4), output);
        lock (arrivals)
        {
            Assert.That(arrivals.Select(a => a.A), Is.EqualTo(new[] { 2L, 2L, 2L, 2L }), "exactly --count calls");
            // 5 Hz: three periods of 200 ms between the first and the last call (loose upper bound for a busy machine).
            var span = arrivals[^1].At - arrivals[0].At;
            Assert.That(span.TotalMilliseconds, Is.InRange(550, 2000), $"4 calls at 5 Hz took {span.TotalMilliseconds:0} ms");
        }
    }

    [TestCase("--rate", "0", "--rate must be a positive number of calls per second, got 0")]
    [TestCase("--count", "0", "--count must be at least 1, got 0")]
    public void ABadRateOrCountIsRefused(string option, string value, string expected)
    {
        var (code, _, error) = new DdsDomain().Cli("service", "call", "/x", "example_interfaces/srv/AddTwoInts", option, value);

        Assert.That((code, error.Trim()), Is.EqualTo((2, "service: " + expected)));
    }

    [TestCase("my_pkg/srv/Nope")]
    [TestCase("not_a_type")]
    public void AnUnregisteredServiceTypeIsNamedWithTheRegisteredOnes(string type)
    {
        var (code, output, error) = new DdsDomain().Cli("service", "call", "/x", type);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Is.Empty, "nothing is sent");
        Assert.That(error, Does.StartWith($"service: service type '{type}' is not in the message registry, and without its definition nothing can be encoded for it; registered service types: "));
        Assert.That(error, Does.Contain("example_interfaces/srv/AddTwoInts, "), "the registered types are listed");
    }

    [Test]
    public void ARequestFieldTheTypeLacksIsNamed()
    {
        var (code, _, error) = new DdsDomain().Cli("service", "call", "/x", "example_interfaces/srv/AddTwoInts", "{a: 1, c: 2}");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("'c'"));
    }

    [Test]
    public void AServiceNobodyOffersHasNoType()
    {
        var (code, _, error) = new DdsDomain().Cli("service", "type", "/nobody", "--wait", "0.3");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("no server or client of service '/nobody' was discovered"));
    }

    [TestCase("service list", "service list [options]")]
    [TestCase("service type", "service type <service> [options]")]
    [TestCase("service call", "service call <service> <service_type> [<values>] [options]")]
    [TestCase("service call", "-r, --rate")]
    [TestCase("service call", "-n, --count")]
    [TestCase("topic info", "topic info <topic> [options]")]
    public void TheVerbIsThere(string verb, string usage)
    {
        var (code, output, error) = CliProcess.Run(TimeSpan.FromSeconds(60), [.. verb.Split(' '), "--help"]);

        Assert.That(output, Does.Contain(usage), $"exit {code}: {error}");
    }

    internal static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
