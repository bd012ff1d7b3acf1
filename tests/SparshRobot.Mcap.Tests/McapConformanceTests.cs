using System.Text.Json.Nodes;

namespace SparshRobot.Mcap.Tests;

public class McapConformanceTests
{
    private static IEnumerable<string> Cases() => ConformanceSuite.Cases();

    [Test]
    public void SuiteIsPresentAndComplete() =>
        Assert.That(ConformanceSuite.Cases().Count(), Is.EqualTo(188), "the shared suite's four categories hold 188 cases");

    [TestCaseSource(nameof(Cases))]
    public void StreamedReaderPrintsTheExpectedRecords(string name)
    {
        var bytes = ConformanceSuite.Bytes(name);
        var reader = new McapStreamReader(new MemoryStream(bytes), name + ".mcap",
            new McapReadOptions { AllowTruncated = false });
        using var json = new MemoryStream();
        McapConformanceJson.Write(reader.ReadRecords(), json);
        var actual = JsonNode.Parse(json.ToArray())!["records"]!;
        var expected = ConformanceSuite.ExpectedRecords(name);
        Assert.That(reader.ReachedEnd, Is.True);
        Assert.That(JsonNode.DeepEquals(actual, expected), Is.True,
            $"expected:\n{expected.ToJsonString()}\nactual:\n{actual.ToJsonString()}");
    }
}
