using System.Diagnostics;
using System.Runtime.Versioning;
using SparshRobot.Tactile.Capture;
using SparshRobot.Testing;

namespace SparshRobot.Tactile.Tests.Capture;

/// <summary>
/// Opening a sensor by serial against a fake device tree: a temp <c>dev/</c> with <c>videoN</c> files and
/// <c>v4l/by-id</c> symlinks to them, as udev lays them out. The real OpenCV open of a camera is not testable here.
/// </summary>
[UnsupportedOSPlatform("windows")]
public class V4l2DeviceTreeTests
{
    private static readonly UnixIdentity User = new(1000, 1000, [1000, 24]);

    private DirectoryInfo _dir = null!;
    private string _dev = null!;
    private string _byId = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = TestPaths.NewTempDirectory("sparsh-v4l2");
        _dev = Directory.CreateDirectory(Path.Combine(_dir.FullName, "dev")).FullName;
        _byId = Directory.CreateDirectory(Path.Combine(_dev, "v4l", "by-id")).FullName;
    }

    [TearDown]
    public void TearDown() => _dir.Delete(recursive: true);

    /// <summary>Adds a camera's capture and metadata nodes, <c>videoN</c> and <c>videoN+1</c>, with the given mode.</summary>
    private string Plug(string serial, int index, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite)
    {
        var node = Path.Combine(_dev, $"video{index}");
        foreach (var (file, link) in new[] { (node, "index0"), (Path.Combine(_dev, $"video{index + 1}"), "index1") })
        {
            File.WriteAllText(file, "");
            File.SetUnixFileMode(file, mode);
            File.CreateSymbolicLink(Path.Combine(_byId, $"usb-Digit_DIGIT_{serial}-video-{link}"), $"../../{Path.GetFileName(file)}");
        }
        return node;
    }

    private static void ChangeGroup(string path, int gid)
    {
        using var chgrp = Process.Start(new ProcessStartInfo("chgrp", [gid.ToString(System.Globalization.CultureInfo.InvariantCulture), path]) { RedirectStandardError = true })!;
        chgrp.WaitForExit();
        Assert.That(chgrp.ExitCode, Is.Zero, chgrp.StandardError.ReadToEnd());
    }

    [Test]
    public void AnUnknownSerialListsTheSerialsThatWereFound()
    {
        Plug("D20001", 2);
        Plug("D20025", 4);
        var locator = new V4l2DeviceLocator(_byId);

        var e = Assert.Throws<CaptureException>(() => locator.ResolveAccessible("D99999", User));

        Assert.That(e!.Message, Does.Contain("'D99999'").And.Contain("serials found: D20001, D20025").And.Contain(_byId));
        Assert.That(locator.ResolveAccessible("D20025", new UnixIdentity(0, 0, [])).DevicePath, Is.EqualTo(Path.Combine(_dev, "video4")));
    }

    [Test]
    public void AnEmptyOrMissingByIdDirectorySaysNoCameraIsPluggedIn()
    {
        var empty = Assert.Throws<CaptureException>(() => new V4l2DeviceLocator(_byId).Resolve("D20001"));
        Assert.That(empty!.Message, Does.Contain("is empty (is a camera plugged in?)"));
        var missing = Path.Combine(_dev, "v4l", "by-path");
        var absent = Assert.Throws<CaptureException>(() => new V4l2DeviceLocator(missing).Resolve("D20001"));
        Assert.That(absent!.Message, Does.Contain($"{missing} does not exist").And.Contain("lsusb").And.Contain("--device"));
    }

    [Test]
    public void ANodeOnlyRootMayOpenNamesTheUdevRule()
    {
        Plug("D20001", 0);

        var e = Assert.Throws<CaptureException>(() => new V4l2DeviceLocator(_byId).ResolveAccessible("D20001", User));

        Assert.That(e!.Message, Does.StartWith($"permission denied on {Path.Combine(_dev, "video0")}")
            .And.Contain("mode 660").And.Contain("group 'root'").And.Contain("uid 1000")
            .And.Contain(V4l2Access.UdevRule).And.Contain("udevadm trigger")
            .And.Not.Contain("usermod"), "joining the root group is no fix");
    }

    [Test]
    public void ANodeOfTheVideoGroupTellsAnOutsiderToJoinItAndLetsAMemberIn()
    {
        var node = Plug("D20001", 0);
        ChangeGroup(node, 44);
        var groups = Path.Combine(_dir.FullName, "group");
        File.WriteAllLines(groups, ["root:x:0:", "video:x:44:lab"]);
        var locator = new V4l2DeviceLocator(_byId);

        var e = Assert.Throws<CaptureException>(() => locator.ResolveAccessible("D20001", User, groups));

        Assert.That(e!.Message, Does.Contain("group 'video'").And.Contain("sudo usermod -aG video $USER").And.Contain("groups 1000,24"));
        Assert.That(locator.ResolveAccessible("D20001", User with { Groups = [1000, 44] }, groups).Index, Is.Zero, "a member of video may open it");
        Assert.That(locator.ResolveAccessible("D20001", User with { Uid = 0 }, groups).Index, Is.Zero, "root may open anything");
    }

    [Test]
    public void AWorldReadableButNotWritableNodeIsStillRefused()
    {
        Plug("D20001", 0, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Assert.Throws<CaptureException>(() => new V4l2DeviceLocator(_byId).ResolveAccessible("D20001", User), "capture needs write access too");
        var owner = new UnixIdentity(V4l2Access.Stat(Path.Combine(_dev, "video0")).Uid, 1000, []);
        Assert.That(new V4l2DeviceLocator(_byId).ResolveAccessible("D20001", owner).Index, Is.Zero, "the owner has rw");
    }

    [Test]
    public void AStaleByIdLinkSaysToReplug()
    {
        var node = Plug("D20001", 0);
        File.Delete(node);
        var e = Assert.Throws<CaptureException>(() => new V4l2DeviceLocator(_byId).ResolveAccessible("D20001", User));
        Assert.That(e!.Message, Does.Contain($"{node} does not exist").And.Contain("replug"));
    }

    [Test]
    public void TheIdentityIsReadFromProcStatusEffectiveIds()
    {
        var identity = UnixIdentity.Parse(["Name:\tx", "Uid:\t1000\t1001\t1000\t1000", "Gid:\t100\t101\t100\t100", "Groups:\t24 44 "], "status");
        Assert.That((identity.Uid, identity.Gid, identity.Groups), Is.EqualTo((1001u, 101u, new uint[] { 24, 44 })));
        Assert.That(identity.IsInGroup(44) && identity.IsInGroup(101) && !identity.IsInGroup(100), Is.True);
        var bad = Assert.Throws<InvalidDataException>(() => UnixIdentity.Parse(["Gid:\t1\t1"], "status"));
        Assert.That(bad!.Message, Does.Contain("status").And.Contain("Uid:"));
        Assert.That(UnixIdentity.Current().Uid, Is.EqualTo(uint.Parse(File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t')[2], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [TestCase("usb-Digit_DIGIT_D20001-video-index0", "D20001")]
    [TestCase("usb-GelSight_Inc_GelSight_Mini_R0B_2BN0-T95W-video-index0", "2BN0-T95W")]
    [TestCase("platform-camera-video-index0", "platform-camera-video-index0")]
    public void TheSerialIsTheLastPartOfAByIdName(string name, string serial) =>
        Assert.That(V4l2DeviceLocator.SerialOf(name), Is.EqualTo(serial));
}
