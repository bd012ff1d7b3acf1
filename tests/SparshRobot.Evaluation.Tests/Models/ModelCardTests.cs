using SparshRobot.Evaluation.Models;

namespace SparshRobot.Evaluation.Tests.Models;

public class ModelCardTests
{
    private string _root = "";

    [SetUp]
    public void SetUp() => _root = Directory.CreateTempSubdirectory("model-cards-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    /// <summary>A models folder in the shipped layout with made-up weights files and cards sharing one encoder identity.</summary>
    private void WriteModels(string probesIdentity = "abc123")
    {
        void Model(string folder, string kind, string[] files, string identity)
        {
            var dir = Path.Combine(_root, folder);
            foreach (var (f, i) in files.Select((f, i) => (f, i)))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir, f))!);
                File.WriteAllBytes(Path.Combine(dir, f), [.. Enumerable.Range(0, 1000 + 17 * i + folder.Length).Select(b => (byte)(b * 7 + i))]);
            }
            ModelCard.Describe(dir, folder, kind, files, identity, "made up", new Dictionary<string, string> { ["seed"] = "0" }, "test", 1.5,
                new Dictionary<string, double> { ["error"] = 0.25 }).Save(dir);
        }
        Model(ShippedModels.EncoderFolder, "encoder", [ShippedModels.EncoderFileName], "abc123");
        Model(ShippedModels.ProbesFolder, "probes", ["force/probe.safetensors", "slip/probe.safetensors", "pose/probe.safetensors"], probesIdentity);
        Model(ShippedModels.PolicyFolder, "policy", [ShippedModels.PolicyFileName], "abc123");
    }

    [Test]
    public void ACardRoundTripsAndItsModelsOpen()
    {
        WriteModels();
        var models = ShippedModels.Open(_root);
        Assert.That(models.Probes.Files.Select(f => f.Path), Is.EqualTo(new[] { "force/probe.safetensors", "slip/probe.safetensors", "pose/probe.safetensors" }));
        Assert.That(models.Policy.Metrics["error"], Is.EqualTo(0.25));
        Assert.That(models.Encoder.Seeds["seed"], Is.EqualTo("0"));
        Assert.That(models.Encoder.TrainingSeconds, Is.EqualTo(1.5));
        Assert.That(models.Encoder.Files[0].Sha256, Is.EqualTo(ModelCard.Sha256Of(models.EncoderFile)));
        Assert.That(models.PolicyFile, Does.EndWith(Path.Combine("mlp_chunk", "policy.safetensors")));
    }

    [Test]
    public void ATruncatedFileIsRefusedByName()
    {
        WriteModels();
        var file = Path.Combine(_root, ShippedModels.ProbesFolder, "slip", "probe.safetensors");
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..^10]);
        Assert.That(() => ShippedModels.Open(_root), Throws.TypeOf<ModelCardException>()
            .With.Message.Contains(file).And.Message.Contains("truncated"));
    }

    [Test]
    public void ACorruptedFileOfTheRightSizeIsRefusedByItsChecksum()
    {
        WriteModels();
        var file = Path.Combine(_root, ShippedModels.PolicyFolder, ShippedModels.PolicyFileName);
        var bytes = File.ReadAllBytes(file);
        bytes[500] ^= 0x01;
        File.WriteAllBytes(file, bytes);
        Assert.That(() => ShippedModels.Open(_root), Throws.TypeOf<ModelCardException>()
            .With.Message.Contains(file).And.Message.Contains("sha256"));
    }

    [Test]
    public void AMissingFileOrCardIsRefusedByName()
    {
        WriteModels();
        var encoder = Path.Combine(_root, ShippedModels.EncoderFolder, ShippedModels.EncoderFileName);
        File.Delete(encoder);
        Assert.That(() => ShippedModels.Open(_root), Throws.TypeOf<ModelCardException>().With.Message.Contains(encoder).And.Message.Contains("missing"));
        var card = Path.Combine(_root, ShippedModels.PolicyFolder, ModelCard.FileName);
        File.Delete(card);
        Assert.That(() => ModelCard.Load(Path.GetDirectoryName(card)!), Throws.TypeOf<ModelCardException>().With.Message.Contains(card));
    }

    [Test]
    public void ProbesTrainedOnAnotherEncoderAreRefused()
    {
        WriteModels(probesIdentity: "fff999");
        Assert.That(() => ShippedModels.Open(_root), Throws.TypeOf<ModelCardException>()
            .With.Message.Contains(Path.Combine(ShippedModels.ProbesFolder, ModelCard.FileName)).And.Message.Contains("fff999"));
    }

    [Test]
    public void ACardWithAnUnknownKeyOrNoChecksumNamesTheCardAndKey()
    {
        WriteModels();
        var dir = Path.Combine(_root, ShippedModels.EncoderFolder);
        var path = Path.Combine(dir, ModelCard.FileName);
        var text = File.ReadAllText(path);
        File.WriteAllText(path, text + "colour: blue\n");
        Assert.That(() => ModelCard.Load(dir), Throws.TypeOf<ModelCardException>().With.Message.Contains(path).And.Message.Contains("`colour`: unknown key; expected one of name, kind"));
        File.WriteAllText(path, text.Replace("training_seconds:", "training_second:"));
        Assert.That(() => ModelCard.Load(dir), Throws.TypeOf<ModelCardException>().With.Message.Contains("`training_second`: unknown key; did you mean `training_seconds`?"));
        File.WriteAllText(path, System.Text.RegularExpressions.Regex.Replace(text, "sha256: [0-9a-f]+", "sha256: ''"));
        Assert.That(() => ModelCard.Load(dir), Throws.TypeOf<ModelCardException>().With.Message.Contains("files.encoder.safetensors.sha256"));
    }
}
