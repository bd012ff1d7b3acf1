using SparshRobot.Encoder.Checkpoints;
using SparshRobot.Encoder.Model;
using SparshRobot.Testing;
using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Tests.Checkpoints;

[Category("torch")]
public class CheckpointLoadingTests
{
    private static readonly VitConfig Micro = new() { EmbedDim = 32, Depth = 2, NumHeads = 2, Registers = 1, Height = 32, Width = 32 };

    private DirectoryInfo _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = TestPaths.NewTempDirectory("encoder-ckpt");

    [TearDown]
    public void RemoveDirectory() => _dir.Delete(recursive: true);

    [TestCase("ckpt_dino_micro.ckpt", CheckpointFamily.Dino, "teacher_encoder.backbone.", 1, InputMode.Image)]
    [TestCase("ckpt_dinov2_micro.ckpt", CheckpointFamily.DinoV2, "teacher_encoder.backbone.", 1, InputMode.Image)]
    [TestCase("ckpt_ijepa_micro.ckpt", CheckpointFamily.IJepa, "target_encoder.", 1, InputMode.Image)]
    [TestCase("ckpt_vjepa_micro.ckpt", CheckpointFamily.VJepa, "target_encoder.backbone.", 1, InputMode.Video)]
    [TestCase("ckpt_mae_micro.ckpt", CheckpointFamily.Mae, "encoder.", 0, InputMode.Image)]
    public void LightningCheckpointOfEachFamilyMapsToTheBackbone(string file, CheckpointFamily family, string prefix, int registers, InputMode mode)
    {
        using var scope = NewDisposeScope();
        var (model, info) = EncoderCheckpoint.Load(Fixtures.Path(file), numHeads: 2);
        using var _ = model;
        Assert.That(info.Family, Is.EqualTo(family));
        Assert.That(info.Prefix, Is.EqualTo(prefix));
        Assert.That(info.Config.Registers, Is.EqualTo(registers));
        Assert.That(info.Config.Mode, Is.EqualTo(mode));
        Assert.That(info.Config.EmbedDim, Is.EqualTo(16));
        Assert.That(info.Config.Depth, Is.EqualTo(1));

        // The loaded weights are the teacher/target/encoder ones, not the student/context copies stored beside them.
        using var expected = SafetensorsFile.Open(Fixtures.Path("ckpt_micro_backbones.safetensors"));
        var tag = family.ToString().ToLowerInvariant() + "/";
        var state = model.state_dict();
        Assert.That(state.Keys.Order(), Is.EqualTo(expected.Entries.Keys.Where(k => k.StartsWith(tag, StringComparison.Ordinal)).Select(k => k[tag.Length..]).Order()));
        foreach (var (key, value) in state)
        {
            Assert.That(Fixtures.MaxAbsDiff(value, expected.Read(tag + key)), Is.EqualTo(0), key);
        }
    }

    [Test]
    public void CopiedTensorsLeaveNoMappedPagesResident()
    {
        // 16 MiB: without the hand-back every copied page stays resident in the mapping, so the sum is ~16 MiB. What
        // may stay is the header and the kernel's fault-around window (64 KiB) by it, and partial pages at tensor edges.
        var path = Path.Combine(_dir.FullName, "big.safetensors");
        using (var scope = NewDisposeScope())
        {
            SafetensorsWriter.Write(path, [new("a", rand(2048, 1024)), new("b", rand(1024, 2048))]);
        }
        using var file = SafetensorsFile.Open(path);
        using var a = empty(2048, 1024);
        using var b = empty(1024, 2048);
        file.CopyInto("a", a);
        Assert.That(MappedResidentKiB(path), Is.LessThanOrEqualTo(256), "after copying a, its pages are handed back");
        file.CopyInto("b", b);
        Assert.That(MappedResidentKiB(path), Is.LessThanOrEqualTo(256));
        Assert.That(a.sum().item<float>(), Is.GreaterThan(0), "the copy itself happened");
        // A page handed back faults in again on the next read.
        using var again = file.Read("b");
        Assert.That(again.allclose(b, rtol: 0, atol: 0), Is.True);
    }

    /// <summary>Resident KiB of every mapping of <paramref name="path"/> in this process (/proc/self/smaps).</summary>
    private static long MappedResidentKiB(string path)
    {
        long total = 0;
        var inFile = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            if (line.Length > 0 && char.IsAsciiHexDigit(line[0]) && line.Contains('-'))
            {
                inFile = line.EndsWith(path, StringComparison.Ordinal);
            }
            else if (inFile && line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                total += long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
            }
        }
        return total;
    }

    [Test]
    public void SafetensorsRoundTripKeepsWeightsMetadataAndInfersRegisters()
    {
        using var scope = NewDisposeScope();
        using var model = new SparshVit(Micro with { Registers = 3 });
        var path = Path.Combine(_dir.FullName, "dino_vitmicro.safetensors");
        SafetensorsWriter.Write(path, model.state_dict(), new Dictionary<string, string> { ["num_heads"] = "2" });

        var (loaded, info) = EncoderCheckpoint.Load(path);
        using var _ = loaded;
        Assert.That(info.Family, Is.EqualTo(CheckpointFamily.Dino));
        Assert.That(info.Config.Registers, Is.EqualTo(3));
        Assert.That(info.Config.NumHeads, Is.EqualTo(2));
        Assert.That(EncoderCheckpoint.Identity(loaded), Is.EqualTo(EncoderCheckpoint.Identity(model)));
    }

    [Test]
    public void MaeBackboneWithoutRegistersLoads()
    {
        using var scope = NewDisposeScope();
        using var model = new SparshVit(Micro with { Registers = 0 });
        var path = Path.Combine(_dir.FullName, "mae_vitmicro.safetensors");
        SafetensorsWriter.Write(path, model.state_dict());
        var info = EncoderCheckpoint.Describe(path, numHeads: 2);
        Assert.That(info.Family, Is.EqualTo(CheckpointFamily.Mae));
        Assert.That(info.Config.Registers, Is.EqualTo(0));
        Assert.That(model.state_dict().ContainsKey("register_tokens"), Is.False);
    }

    [Test]
    public void StrictLoadListsEveryMissingExtraAndMisshapedKeyAndNamesTheFile()
    {
        using var scope = NewDisposeScope();
        using var model = new SparshVit(Micro);
        var state = model.state_dict();
        var tensors = state.Where(kv => kv.Key != "blocks.1.mlp.fc2.bias").ToDictionary(kv => kv.Key, kv => kv.Value);
        tensors["blocks.0.ls1.gamma"] = zeros(31);
        tensors["blocks.0.attn.q_norm.weight"] = zeros(32);
        var path = Path.Combine(_dir.FullName, "broken.safetensors");
        SafetensorsWriter.Write(path, tensors, new Dictionary<string, string> { ["num_heads"] = "2" });

        var error = Assert.Throws<CheckpointException>(() => EncoderCheckpoint.Load(path))!;
        Assert.That(error.Message, Does.StartWith(path));
        Assert.That(error.Problems, Has.Count.EqualTo(3));
        Assert.That(error.Problems, Has.One.Contains("missing key blocks.1.mlp.fc2.bias"));
        Assert.That(error.Problems, Has.One.Contains("unexpected key blocks.0.attn.q_norm.weight"));
        Assert.That(error.Problems, Has.One.Contains("shape mismatch for blocks.0.ls1.gamma: checkpoint (31), model (32)"));
    }

    [Test]
    public void FrequencyBandsAreCheckedAgainstTheComputedTable()
    {
        using var scope = NewDisposeScope();
        using var model = new SparshVit(Micro);
        var tensors = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value);
        tensors["pos_embed.frequency_bands"] = tensors["pos_embed.frequency_bands"] * 2;
        var path = Path.Combine(_dir.FullName, "wrong_bands.safetensors");
        SafetensorsWriter.Write(path, tensors, new Dictionary<string, string> { ["num_heads"] = "2" });

        var error = Assert.Throws<CheckpointException>(() => EncoderCheckpoint.Load(path))!;
        Assert.That(error.Problems.Single(), Does.Contain("pos_embed.frequency_bands").And.Contain("computed table"));
    }

    [Test]
    public void TruncatedSafetensorsIsRejectedWithTheOffendingTensor()
    {
        var path = Path.Combine(_dir.FullName, "truncated.safetensors");
        var bytes = File.ReadAllBytes(Fixtures.Path("vit_tiny.safetensors"));
        File.WriteAllBytes(path, bytes[..^100]);
        var error = Assert.Throws<CheckpointException>(() => SafetensorsFile.Open(path).Dispose())!;
        Assert.That(error.Message, Does.StartWith(path).And.Contain("truncated"));
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        error = Assert.Throws<CheckpointException>(() => SafetensorsFile.Open(path).Dispose())!;
        Assert.That(error.Problems.Single(), Does.StartWith("file truncated").And.Match(@"\(\d+ of \d+ tensors lie past the end, the first [\w.]+\)"),
            "one problem however many tensors the cut lost");

        File.WriteAllBytes(path, bytes[..20]);
        error = Assert.Throws<CheckpointException>(() => SafetensorsFile.Open(path).Dispose())!;
        Assert.That(error.Message, Does.Contain("header length"));
    }

    [Test]
    public void GarbageHeaderAndNonEncoderFilesGiveClearErrors()
    {
        var path = Path.Combine(_dir.FullName, "garbage.safetensors");
        File.WriteAllBytes(path, [8, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'x', 0, 0, 0, 0, 0, 0]);
        Assert.That(() => SafetensorsFile.Open(path).Dispose(), Throws.TypeOf<CheckpointException>().With.Message.Contains("not valid JSON"));

        var probe = Fixtures.Path("pooler_tiny.safetensors");
        Assert.That(() => EncoderCheckpoint.Describe(probe), Throws.TypeOf<CheckpointException>().With.Message.Contains("no Sparsh encoder found"));

        var notZip = Path.Combine(_dir.FullName, "legacy.pth");
        File.WriteAllBytes(notZip, [0x80, 0x02, 0x8a, 0x0a]);
        Assert.That(() => EncoderCheckpoint.Describe(notZip), Throws.TypeOf<CheckpointException>().With.Message.StartsWith(notZip));
    }
}
