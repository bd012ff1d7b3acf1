using SparshRobot.Core.IO;
using SparshRobot.Testing;

namespace SparshRobot.Core.Tests.IO;

public class RecordCsvTests
{
    public sealed record Row(string Name, int Count, long Total, double Share, bool Kept);

    private static string NewPath() => Path.Combine(TestPaths.NewTempDirectory("record-csv").FullName, "rows.csv");

    [Test]
    public void RowsReadBackWhatWasWrittenWhateverTheColumnOrder()
    {
        var path = NewPath();
        Row[] rows = [new("plain", 1, 5_000_000_000, 0.125, true), new("a, \"quoted\" one", -2, 0, double.NaN, false)];
        RecordCsv.Write(path, rows);
        var lines = File.ReadAllLines(path);
        Assert.That(lines[0], Is.EqualTo("name,count,total,share,kept"));
        Assert.That(lines[2], Is.EqualTo("\"a, \"\"quoted\"\" one\",-2,0,NaN,0"));
        Assert.That(RecordCsv.Read<Row>(path, "rows.csv"), Is.EqualTo(rows));
        // Columns swapped in header and rows alike still map by name.
        File.WriteAllLines(path, ["kept,name,count,total,share", "1,plain,1,5000000000,0.125"]);
        Assert.That(RecordCsv.Read<Row>(path, "rows.csv"), Is.EqualTo(new[] { rows[0] }));
    }

    [TestCase("name,count\n", "line 1 is not the rows.csv header; missing column(s) total, share, kept")]
    [TestCase("name,count,total,share,kept,extra\n", "unknown column(s) extra")]
    [TestCase("", "empty; expected a header line of rows.csv columns")]
    [TestCase("name,count,total,share,kept\nx,1,2,0.5,yes\n", "line 2, column kept: 'yes' is not 0 or 1")]
    [TestCase("name,count,total,share,kept\nx,1,2.5,0.5,1\n", "line 2, column total: '2.5' is not an integer")]
    [TestCase("name,count,total,share,kept\nx,1,2\n", "line 2 has 3 cells; the header has 5")]
    [TestCase("name,count,total,share,kept\n\"x,1,2,0.5,1\n", "line 2 ends inside a quoted cell")]
    public void ABadFileIsRefusedNamingTheFileLineAndColumn(string text, string expected)
    {
        var path = NewPath();
        File.WriteAllText(path, text);
        Assert.That(() => RecordCsv.Read<Row>(path, "rows.csv"), Throws.TypeOf<FormatException>().With.Message.StartsWith(path).And.Message.Contains(expected));
    }
}
