using SparshRobot.Ros.Messages.TypeHashes;

namespace SparshRobot.Ros.Tests.Messages.TypeHashes;

public class TypeHashValueTests
{
    private const string Text = "RIHS01_df668c740482bbd48fb39d76a70dfd4bd59db1288021743503259e948f6b1a18";

    [Test]
    public void ParsesAndPrintsRihs01()
    {
        var hash = TypeHash.Parse(Text);

        Assert.That(hash.ToString(), Is.EqualTo(Text));
        Assert.That(hash.Value[0], Is.EqualTo(0xdf));
        Assert.That(hash.Value[^1], Is.EqualTo(0x18));
        Assert.That(hash.IsZero, Is.False);
        Assert.That(TypeHash.Parse(Text.ToUpperInvariant()), Is.EqualTo(hash), "rosidl accepts uppercase hex");
    }

    [Test]
    public void DefaultIsTheZeroHash()
    {
        Assert.That(default(TypeHash).IsZero, Is.True);
        Assert.That(default(TypeHash), Is.EqualTo(TypeHash.Zero));
        Assert.That(new TypeHash(new byte[32]), Is.EqualTo(TypeHash.Zero));
        Assert.That(TypeHash.Zero.ToString(), Is.EqualTo("RIHS01_" + new string('0', 64)));
    }

    [Test]
    public void ComputeIsSha256()
    {
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        Assert.That(TypeHash.Compute("abc"u8).ToString(),
            Is.EqualTo("RIHS01_ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }

    [TestCase("")]
    [TestCase("RIHS01_")]
    [TestCase("RIHS02_df668c740482bbd48fb39d76a70dfd4bd59db1288021743503259e948f6b1a18")]
    [TestCase("rihs01_df668c740482bbd48fb39d76a70dfd4bd59db1288021743503259e948f6b1a18")]
    [TestCase("RIHS01_df668c740482bbd48fb39d76a70dfd4bd59db1288021743503259e948f6b1a1")]
    [TestCase("RIHS01_df668c740482bbd48fb39d76a70dfd4bd59db1288021743503259e948f6b1a188")]
    [TestCase("RIHS01_zf668c740482bbd48fb39d76a70dfd4bd59db1288021743503259e948f6b1a18")]
    [TestCase(" RIHS01_df668c740482bbd48fb39d76a70dfd4bd59db1288021743503259e948f6b1a18")]
    public void RejectsMalformedText(string text)
    {
        Assert.That(TypeHash.TryParse(text, out var hash), Is.False);
        Assert.That(hash.IsZero, Is.True);
        var e = Assert.Throws<FormatException>(() => TypeHash.Parse(text))!;
        Assert.That(e.Message, Does.Contain($"'{text}'").And.Contain("RIHS01_"));
    }

    [Test]
    public void RejectsWrongLengthBytes() =>
        Assert.That(() => new TypeHash(new byte[31]), Throws.ArgumentException.With.Message.Contains("got 31"));
}
