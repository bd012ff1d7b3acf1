using SparshRobot.Cli.Commands;
using SparshRobot.Cli.Doctor;
using SparshRobot.Testing;

namespace SparshRobot.Cli.Tests.Doctor;

public class DoctorChecksTests
{
    [Test]
    public void TorchCheckLoadsLibtorchAndReportsIt()
    {
        var result = new TorchCheck().Run();
        Assert.That(result.Status, Is.EqualTo(CheckStatus.Ok), string.Join("\n", result.Details));
        Assert.That(result.Details, Has.Some.Contains("libtorch 2.10"));
        Assert.That(result.Details, Has.Some.Contains("threads:"));
        Assert.That(result.Details, Has.Some.Contains("CPU"));
    }

    [Test]
    public void OpenCvDecodesTheSharedDigitBackground()
    {
        var result = new OpenCvCheck(new FileInfo(TestPaths.DigitBackground)).Run();
        Assert.That(result.Status, Is.EqualTo(CheckStatus.Ok), string.Join("\n", result.Details));
        // DIGIT frames are portrait 320 x 240 (H x W); the file name's 240x320 notwithstanding.
        Assert.That(result.Details, Has.Some.Contains("320 high x 240 wide, 3 channels"));
    }

    [Test]
    public void OpenCvNamesAMissingImageAndSaysWhatToDo()
    {
        var result = new OpenCvCheck(new FileInfo("/nonexistent/frame.jpg")).Run();
        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(CheckStatus.Failed));
            Assert.That(result.Details, Has.Some.Contains("/nonexistent/frame.jpg").And.Contains("not found"));
            Assert.That(result.Fix, Does.Contain("--image"));
        });
    }

    [Test]
    public void OpenCvRejectsAFileThatIsNoImage()
    {
        var dir = TestPaths.NewTempDirectory();
        var bogus = Path.Combine(dir.FullName, "frame.jpg");
        File.WriteAllText(bogus, "not a jpeg");
        var result = new OpenCvCheck(new FileInfo(bogus)).Run();
        Assert.That(result.Status, Is.EqualTo(CheckStatus.Failed));
        Assert.That(result.Details, Has.Some.Contains("could not decode"));
        dir.Delete(true);
    }

    [Test]
    public void CycloneCreatesALoopbackParticipantInTheRequestedDomain()
    {
        var domain = (uint)Random.Shared.Next(100, 200);
        var result = new CycloneDdsCheck(domain).Run();
        Assert.That(result.Status, Is.EqualTo(CheckStatus.Ok), string.Join("\n", result.Details));
        Assert.That(result.Details, Has.Some.Contains($"participant on 127.0.0.1, domain {domain}"));
        Assert.That(result.Details, Has.Some.Match(@"Cyclone DDS 0\.10\.\d+"));
    }

    [Test]
    public void DoctorExitsNonZeroWhenARequiredComponentFails()
    {
        var capture = new ConsoleCapture();
        var code = DoctorCommand.Run([new OpenCvCheck(new FileInfo("/nonexistent/frame.jpg"))], capture.Console);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(capture.Text, Does.Contain("FAILED").And.Contain("fix:").And.Contain("missing"));
        });
    }

    [Test]
    public void DoctorExitsZeroWhenEverythingLoads()
    {
        var capture = new ConsoleCapture();
        var code = DoctorCommand.Run([new OpenCvCheck(null), new TorchCheck()], capture.Console);
        Assert.That(code, Is.Zero, capture.Text);
        Assert.That(capture.Text, Does.Contain("All components load."));
    }
}
