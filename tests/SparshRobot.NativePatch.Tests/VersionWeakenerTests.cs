using System.Runtime.InteropServices;
using SparshRobot.NativePatch.Elf;

namespace SparshRobot.NativePatch.Tests;

public class VersionWeakenerTests
{
    private readonly List<string> _copies = [];

    [TearDown]
    public void DeleteCopies() => _copies.ForEach(File.Delete);

    [Test]
    public void MarksTheEntryWeakAndChangesNothingElse()
    {
        var copy = Copy();
        var before = File.ReadAllBytes(copy);
        var mtime = File.GetLastWriteTimeUtc(copy);

        Assert.That(VersionWeakener.Weaken(copy, ElfFixtures.Version), Is.EqualTo(WeakenOutcome.Patched));

        var after = File.ReadAllBytes(copy);
        var need = ElfImage.Parse(copy, after).VersionNeeds().Single(n => n.Version == ElfFixtures.Version);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(need.IsWeak, Is.True);
            Assert.That(after, Has.Length.EqualTo(before.Length));
            Assert.That(changed, Is.EqualTo(new[] { (int)need.FlagsOffset }), "only the low byte of vna_flags changes");
            Assert.That(File.GetLastWriteTimeUtc(copy), Is.EqualTo(mtime), "kept so incremental copies skip it");
            Assert.That(ElfImage.Parse(copy, after).VersionNeeds().Where(n => n.Version != ElfFixtures.Version).All(n => !n.IsWeak));
        });
        Assert.That(File.ReadAllBytes(ElfFixtures.PackagedLibTorchSharp), Is.EqualTo(before), "the package cache is untouched");
    }

    [Test]
    public void IsIdempotent()
    {
        var copy = Copy();
        VersionWeakener.Weaken(copy, ElfFixtures.Version);
        var once = File.ReadAllBytes(copy);
        Assert.That(VersionWeakener.Weaken(copy, ElfFixtures.Version), Is.EqualTo(WeakenOutcome.AlreadyWeak));
        Assert.That(File.ReadAllBytes(copy), Is.EqualTo(once));
    }

    [Test]
    public void LeavesAFileThatDoesNotNeedTheVersionAlone()
    {
        var copy = Copy();
        var before = File.ReadAllBytes(copy);
        Assert.That(VersionWeakener.Weaken(copy, "GLIBCXX_9.9.99"), Is.EqualTo(WeakenOutcome.NotRequired));
        Assert.That(File.ReadAllBytes(copy), Is.EqualTo(before));
    }

    [Test]
    public void ThePatchedCopyLoadsWhereTheOriginalMayNot()
    {
        var system = SystemLibstdcxx.Locate()!;
        var systemHasIt = SystemLibstdcxx.Defines(system, ElfFixtures.Version);

        var original = Copy();
        var patched = Copy();
        VersionWeakener.Weaken(patched, ElfFixtures.Version);

        Assert.That(NativeLibrary.TryLoad(patched, out var handle), Is.True, $"patched copy must load against {system}");
        Assert.That(NativeLibrary.GetExport(handle, "THSTensor_zeros"), Is.Not.Zero);
        if (!systemHasIt)
        {
            // The bug the patch exists for: the loader rejects the original outright.
            Assert.That(NativeLibrary.TryLoad(original, out _), Is.False, $"{system} lacks {ElfFixtures.Version}");
        }
    }

    [Test]
    public void TheBuildPatchedTheCopyInThisOutputFolderOnlyWhenNeeded()
    {
        var built = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        var need = ElfImage.Load(built).VersionNeeds().Single(n => n.Version == ElfFixtures.Version);
        var systemHasIt = SystemLibstdcxx.Defines(SystemLibstdcxx.Locate()!, ElfFixtures.Version);
        Assert.That(need.IsWeak, Is.EqualTo(!systemHasIt));
    }

    [Test]
    public void ToolSkipsWhenTheSystemProvidesTheVersion()
    {
        var copy = Copy();
        var before = File.ReadAllBytes(copy);
        var output = new StringWriter();
        // Every libstdc++ since GCC 7 defines GLIBCXX_3.4.22, so the tool must leave the file alone.
        var code = NativePatchTool.Run(["weaken", copy, "--version", "GLIBCXX_3.4.22", "--only-if-system-lacks"], output, TextWriter.Null);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero);
            Assert.That(output.ToString(), Does.Contain("provides GLIBCXX_3.4.22; nothing to do"));
            Assert.That(File.ReadAllBytes(copy), Is.EqualTo(before));
        });
    }

    [Test]
    public void ToolReportsBadInputWithTheFileName()
    {
        var text = Path.Combine(AppContext.BaseDirectory, $"not-elf-{Guid.NewGuid():N}.so");
        File.WriteAllText(text, "hello");
        _copies.Add(text);
        var error = new StringWriter();
        var code = NativePatchTool.Run(["weaken", text, "--version", ElfFixtures.Version], TextWriter.Null, error);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error.ToString(), Does.Contain(text).And.Contain("not an ELF file"));
        });
        Assert.That(NativePatchTool.Run(["weaken"], TextWriter.Null, error), Is.EqualTo(2));
    }

    private string Copy()
    {
        var copy = ElfFixtures.CopyBesideLibtorch();
        _copies.Add(copy);
        return copy;
    }
}
