using SparshRobot.Core.Numerics;
using SparshRobot.Testing;
using Spectre.Console;

namespace SparshRobot.Cli.Tests.Encoder;

public class EncoderCommandTests
{
    private static string Fixture(string name) => TestPaths.Fixture("SparshRobot.Encoder.Tests", name);

    private static (int Code, string Output) Invoke(params string[] args)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Console;
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        try
        {
            return (SparshCli.Build().Parse(args).Invoke(), output.ToString());
        }
        finally
        {
            AnsiConsole.Console = console;
        }
    }

    [Test]
    public void InfoDescribesTheCheckpoint()
    {
        var (code, output) = Invoke("encoder", "info", Fixture("ckpt_ijepa_micro.ckpt"), "--heads", "2");
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("IJepa").And.Contain("target_encoder."));
        Assert.That(output, Does.Not.Contain("strict load"), "loading is asked for with --load");
    }

    [Test]
    public void InfoLoadReportsTimeAndPeakMemoryAgainstTheFileSize()
    {
        var (code, output) = Invoke("encoder", "info", Fixture("vit_tiny.safetensors"), "--load");
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Match(@"strict load\s*│\s*\d+\.\d\d s"));
        Assert.That(output, Does.Match(@"peak memory growth while loading\s*│\s*-?\d+ MiB, -?\d+\.\d\dx the \d+ MiB file"));
    }

    [Test]
    public void EmbedWritesPatchTokensAndRejectsAByteInput()
    {
        var dir = TestPaths.NewTempDirectory("encoder-embed");
        try
        {
            var source = Npy.Read(Fixture("vit_tiny_small_input.npy"));
            var input = Path.Combine(dir.FullName, "x.npy");
            Npy.Write(input, NpyArray.FromFloat32(source.ToFloat32().Select(v => v / 255f).ToArray(), source.Shape));
            var output = Path.Combine(dir.FullName, "y.npy");
            var code = SparshCli.Build().Parse(["encoder", "embed", "--checkpoint", Fixture("vit_tiny.safetensors"), "--input", input, "--output", output, "--batch", "1"]).Invoke();
            Assert.That(code, Is.EqualTo(0));
            var tokens = Npy.Read(output);
            var expected = Npy.Read(Fixture("vit_tiny_small_output.npy"));
            Assert.That(tokens.Shape, Is.EqualTo(expected.Shape));
            var worst = tokens.ToFloat32().Zip(expected.ToFloat32(), (a, b) => Math.Abs(a - b)).Max();
            Assert.That(worst, Is.LessThanOrEqualTo(1e-4));

            var bad = SparshCli.Build().Parse(["encoder", "embed", "--checkpoint", Fixture("vit_tiny.safetensors"), "--input", Fixture("vit_tiny_small_input.npy"), "--output", output]).Invoke();
            Assert.That(bad, Is.EqualTo(1));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
