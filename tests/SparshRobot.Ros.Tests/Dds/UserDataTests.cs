using System.Text;
using SparshRobot.Ros.Messages.TypeHashes;
using SparshRobot.Ros.Services;
using SparshRobot.Ros.Transport;

namespace SparshRobot.Ros.Tests.Dds;

/// <summary>USER_DATA key-values by rmw's parse_key_value rules, and rmw_cyclonedds's client/service id text.</summary>
public class UserDataTests
{
    private const string Hash = "RIHS01_e118de6bf5eeb66a2491b5bda11202e7b68f198d6f67922cf30364858239c81a";

    private static IReadOnlyDictionary<string, string> Parse(string text) => UserData.Parse(Encoding.Latin1.GetBytes(text));

    [Test]
    public void ParsesAClientEndpoint()
    {
        var entries = Parse($"clientid=9f.6a.10.1.6d.a1.b6.c8.bb.56.f6.5c.0.0.0.7;typehash={Hash};");

        Assert.That(entries, Is.EqualTo(new Dictionary<string, string>
        {
            ["clientid"] = "9f.6a.10.1.6d.a1.b6.c8.bb.56.f6.5c.0.0.0.7",
            ["typehash"] = Hash,
        }));
    }

    [TestCase("enclave=/", "enclave", "/")]
    [TestCase("enclave=/;\0\0", "enclave", "/")]
    [TestCase("a=1;\0b=2;", "a", "1")] // a NUL after an entry ends the blob
    [TestCase("a=b=c;", "a", "b=c")]
    [TestCase("a=1;a=2;", "a", "2")]
    [TestCase("a=x;;", "a", "x;")]
    [TestCase("a=x;;;", "a", "x;;")]
    [TestCase("a=1\0", "a", "1\0")]
    public void ParsesSingleEntriesAsRmwDoes(string text, string key, string value) =>
        Assert.That(Parse(text), Is.EqualTo(new Dictionary<string, string> { [key] = value }));

    [Test]
    public void AcceptsOneStrayByteAfterASemicolonAndDoubledSemicolonsInValues()
    {
        Assert.That(Parse("a=1; b=2;"), Is.EqualTo(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }));
        Assert.That(Parse("a=x;;b=1"), Is.EqualTo(new Dictionary<string, string> { ["a"] = "x;", ["b"] = "1" }));
    }

    [TestCase("", TestName = "empty")]
    [TestCase("\0", TestName = "only a NUL")]
    [TestCase("=1;", TestName = "empty key")]
    [TestCase("a=;b=2;", TestName = "empty value before another entry")]
    [TestCase("a=", TestName = "empty value at the end")]
    [TestCase("a-b=1;", TestName = "non-alphanumeric key")]
    [TestCase("client_id=1;", TestName = "underscore in key")]
    [TestCase("a=1;b", TestName = "key without value at the end")]
    [TestCase("abc", TestName = "no equals sign")]
    [TestCase(";a=1;", TestName = "leading semicolon")]
    [TestCase("a=1;  b=2;", TestName = "two stray bytes after a semicolon")]
    [TestCase("a=x;;y;", TestName = "semicolon after a key")]
    public void MalformedBlobsYieldAnEmptyMap(string text) => Assert.That(Parse(text), Is.Empty);

    [Test]
    public void BuildsWhatParseReadsBack()
    {
        var blob = UserData.Build(("serviceid", " 5.6a.0.0.0.0.0.0.0.0.0.0.0.0.0.1"), ("typehash", Hash));

        Assert.That(Encoding.Latin1.GetString(blob), Is.EqualTo($"serviceid= 5.6a.0.0.0.0.0.0.0.0.0.0.0.0.0.1;typehash={Hash};"));
        Assert.That(UserData.Parse(blob), Is.EqualTo(new Dictionary<string, string>
        {
            ["serviceid"] = " 5.6a.0.0.0.0.0.0.0.0.0.0.0.0.0.1",
            ["typehash"] = Hash,
        }));
    }

    [Test]
    public void EndpointUserDataMatchesJazzy()
    {
        var client = UserData.ForEndpoint(UserData.ClientIdKey, "9f.6a.10.1.6d.a1.b6.c8.bb.56.f6.5c.0.0.0.7", TypeHash.Parse(Hash));
        var topic = UserData.ForEndpoint(null, null, TypeHash.Parse(Hash));
        var humbleService = UserData.ForEndpoint(UserData.ServiceIdKey, "1.2.3.4.5.6.7.8.9.a.b.c.0.0.0.1", null);

        Assert.That(Encoding.ASCII.GetString(client), Is.EqualTo($"clientid=9f.6a.10.1.6d.a1.b6.c8.bb.56.f6.5c.0.0.0.7;typehash={Hash};"));
        Assert.That(Encoding.ASCII.GetString(topic), Is.EqualTo($"typehash={Hash};"));
        Assert.That(Encoding.ASCII.GetString(humbleService), Is.EqualTo("serviceid=1.2.3.4.5.6.7.8.9.a.b.c.0.0.0.1;"));
    }

    [TestCase("", "1", "key")]
    [TestCase("type_hash", "1", "key")]
    [TestCase("a", "", "value")]
    [TestCase("a", "x;y", "value")]
    public void BuildRejectsWhatCannotBeReadBack(string key, string value, string what) =>
        Assert.That(() => UserData.Build((key, value)),
            Throws.ArgumentException.With.Message.Contains($"USER_DATA {what} '{(what == "key" ? key : value)}'"));

    [Test]
    public void ReadsTheTypeHashAsRmwDoes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(UserData.TryGetTypeHash(Parse($"typehash={Hash};"), out var hash), Is.True);
            Assert.That(hash.ToString(), Is.EqualTo(Hash));

            Assert.That(UserData.TryGetTypeHash(Parse("enclave=/;"), out var missing), Is.True, "no typehash key is fine");
            Assert.That(missing.IsZero, Is.True);

            Assert.That(UserData.TryGetTypeHash(Parse("typehash=RIHS01_abc;"), out var malformed), Is.False);
            Assert.That(malformed.IsZero, Is.True);
        });
    }

    [Test]
    public void ClientServiceIdTextMatchesTheObservedOne()
    {
        byte[] prefix = [0x9f, 0x6a, 0x10, 0x01, 0x6d, 0xa1, 0xb6, 0xc8, 0xbb, 0x56, 0xf6, 0x5c];

        var id = ClientServiceId.Create(prefix, 7);

        Assert.That(id, Is.EqualTo(prefix.Concat(new byte[] { 0, 0, 0, 7 })));
        Assert.That(ClientServiceId.ToText(id), Is.EqualTo("9f.6a.10.1.6d.a1.b6.c8.bb.56.f6.5c.0.0.0.7"));
    }

    [Test]
    public void ClientServiceIdPadsOnlyTheFirstByteWithASpace()
    {
        var id = ClientServiceId.Create([0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a], 0x01020304);

        Assert.That(ClientServiceId.ToText(id), Is.EqualTo(" 5.0.0.0.0.0.0.0.0.0.0.a.1.2.3.4"));
    }

    [Test]
    public void ClientServiceIdRejectsWrongSizes()
    {
        Assert.That(() => ClientServiceId.Create(new byte[11], 1), Throws.ArgumentException.With.Message.Contains("12-byte"));
        Assert.That(() => ClientServiceId.ToText(new byte[15]), Throws.ArgumentException.With.Message.Contains("got 15"));
    }
}
