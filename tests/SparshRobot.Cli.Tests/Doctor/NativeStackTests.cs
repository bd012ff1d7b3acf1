using OpenCvSharp;
using SparshRobot.Ros.Dds;
using SparshRobot.Ros.Dds.Native;
using SparshRobot.Testing;
using TorchSharp;

namespace SparshRobot.Cli.Tests.Doctor;

/// <summary>The three native stacks exercised directly, as every later layer will use them.</summary>
[Category("torch")]
public class NativeStackTests
{
    [Test]
    public void TorchMultipliesTensorsAndBackpropagates()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3], requires_grad: true);
        var b = torch.tensor(new float[] { 1, 0, -1, 2, 0.5f, 3 }, [3, 2], requires_grad: true);
        var product = a.matmul(b);
        product.sum().backward();

        Assert.That(product.data<float>().ToArray(), Is.EqualTo(new float[] { 0.5f, 13, 2, 28 }));
        // d(sum(AB))/dA = 1 * B^T summed over columns: each row of A gets the row sums of B.
        Assert.That(a.grad!.data<float>().ToArray(), Is.EqualTo(new float[] { 1, 1, 3.5f, 1, 1, 3.5f }));
        Assert.That(b.grad!.data<float>().ToArray(), Is.EqualTo(new float[] { 5, 5, 7, 7, 9, 9 }));
    }

    [Test]
    public void OpenCvDecodesTheDigitJpeg()
    {
        using var image = Cv2.ImRead(TestPaths.DigitBackground, ImreadModes.Color);
        Assert.Multiple(() =>
        {
            Assert.That(image.Empty(), Is.False);
            Assert.That(image.Rows, Is.EqualTo(320));
            Assert.That(image.Cols, Is.EqualTo(240));
            Assert.That(image.Channels(), Is.EqualTo(3));
            Assert.That(image.Mean().Val0, Is.InRange(1.0, 254.0), "a real photo, not a flat fill");
        });
    }

    [Test]
    public void CycloneParticipantReadsItsDomainIdBack()
    {
        var domain = (uint)Random.Shared.Next(100, 200);
        using var participant = new DdsParticipant(domain, DdsDomainConfig.Loopback);
        Assert.That(participant.DomainId, Is.EqualTo(domain));
    }

    [Test]
    public void CycloneRejectsADomainOutsideTheRosRange()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new DdsParticipant(300, DdsDomainConfig.Loopback));
        Assert.That(e!.Message, Does.Contain("0..232"));
    }

    [Test]
    public void CycloneReportsABrokenConfigurationAsAnError()
    {
        var e = Assert.Throws<DdsException>(() => _ = new DdsParticipant(150, "<CycloneDDS><Domain><NoSuchElement/></Domain></CycloneDDS>"));
        Assert.That(e!.Message, Does.Contain("dds_create_domain(150)"));
    }
}
