using SparshRobot.Encoder.Model;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Tests;

[Category("torch")]
public class LibTorchSettingsTests
{
    [Test]
    public void NnpackSwitchReachesLibTorch()
    {
        LibTorchSettings.NnpackEnabled = true;
        Assert.That(LibTorchSettings.NnpackEnabled, Is.True);
        LibTorchSettings.NnpackEnabled = false;
        Assert.That(LibTorchSettings.NnpackEnabled, Is.False);
    }

    [Test]
    public void OpeningAnEncoderSwitchesNnpackOff()
    {
        LibTorchSettings.NnpackEnabled = true;
        using var encoder = TactileEncoder.Wrap(new SparshVit(new VitConfig { EmbedDim = 32, Depth = 1, NumHeads = 1, Height = 32, Width = 32 }), CPU);
        Assert.That(LibTorchSettings.NnpackEnabled, Is.False);
    }
}
