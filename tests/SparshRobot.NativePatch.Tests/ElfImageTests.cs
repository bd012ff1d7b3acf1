using SparshRobot.NativePatch.Elf;

namespace SparshRobot.NativePatch.Tests;

public class ElfImageTests
{
    [Test]
    public void ReadsTheVersionsLibTorchSharpNeeds()
    {
        var needs = ElfImage.Load(ElfFixtures.PackagedLibTorchSharp).VersionNeeds();
        var glibcxx = needs.Where(n => n.File == "libstdc++.so.6").Select(n => n.Version).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(glibcxx, Does.Contain(ElfFixtures.Version));
            Assert.That(glibcxx, Does.Contain("GLIBCXX_3.4.22"));
            Assert.That(needs.Single(n => n.Version == ElfFixtures.Version).IsWeak, Is.False, "the package ships it strong");
            Assert.That(needs.Select(n => n.File), Does.Contain("libc.so.6"));
        });
    }

    [Test]
    public void ReadsTheVersionsTheSystemLibstdcxxDefines()
    {
        var path = SystemLibstdcxx.Locate();
        Assert.That(path, Is.Not.Null, "the .NET host itself links libstdc++, so it must be found");
        var defined = ElfImage.Load(path!).VersionDefinitions();
        Assert.Multiple(() =>
        {
            Assert.That(defined, Does.Contain("GLIBCXX_3.4"));
            Assert.That(defined, Does.Contain("CXXABI_1.3"));
            Assert.That(defined, Has.None.StartsWith("GLIBC_2."), "libstdc++ defines only its own versions");
        });
    }

    [Test]
    public void RejectsAFileThatIsNotElf()
    {
        var e = Assert.Throws<ElfFormatException>(() => ElfImage.Parse("notes.txt", "just some text"u8.ToArray()));
        Assert.That(e!.Message, Does.Contain("notes.txt").And.Contain("not an ELF file"));
    }

    [Test]
    public void RejectsATruncatedHeader()
    {
        var head = File.ReadAllBytes(ElfFixtures.PackagedLibTorchSharp)[..40];
        var e = Assert.Throws<ElfFormatException>(() => ElfImage.Parse("cut.so", head));
        Assert.That(e!.Message, Does.Contain("cut.so").And.Contain("truncated ELF header").And.Contain("40 bytes"));
    }

    [Test]
    public void RejectsAFileCutBeforeItsProgramHeadersEnd()
    {
        var head = File.ReadAllBytes(ElfFixtures.PackagedLibTorchSharp)[..100];
        var e = Assert.Throws<ElfFormatException>(() => ElfImage.Parse("cut.so", head));
        Assert.That(e!.Message, Does.Contain("program header").And.Contain("offset 64").And.Contain("truncated"));
    }

    [Test]
    public void RejectsAFileCutBeforeItsVersionTables()
    {
        // Headers intact, data gone: the dynamic segment lies far beyond this cut.
        var head = File.ReadAllBytes(ElfFixtures.PackagedLibTorchSharp)[..4096];
        var e = Assert.Throws<ElfFormatException>(() => ElfImage.Parse("cut.so", head).VersionNeeds());
        Assert.That(e!.Message, Does.Contain("cut.so").And.Contain("truncated"));
    }

    [Test]
    public void Rejects32BitElf()
    {
        var bytes = File.ReadAllBytes(ElfFixtures.PackagedLibTorchSharp)[..64];
        bytes[4] = 1; // ELFCLASS32
        var e = Assert.Throws<ElfFormatException>(() => ElfImage.Parse("arm32.so", bytes));
        Assert.That(e!.Message, Does.Contain("class 1").And.Contain("64-bit"));
    }
}
