using SparshRobot.Core.Numerics;
using SparshRobot.Core.Sensing;
using SparshRobot.Sim.Faults;
using SparshRobot.Sim.Mazes;
using SparshRobot.Sim.Recording;
using SparshRobot.Sim.Tests.Support;
using SparshRobot.Testing;

namespace SparshRobot.Sim.Tests.Recording;

public class TouchRecorderTests
{
    [Category("sim")]
    [Test]
    public void EpisodesLandInTheProbeDatasetLayoutWithLabelsFromTruth()
    {
        var dir = TestPaths.NewTempDirectory("touch");
        try
        {
            var options = new TouchRecordingOptions(Every: 6, TestEvery: 2, TimeLimit: 1.5, Clips: true);
            var episodes = TouchRecorder.Record(dir.FullName, 2, 3, MazeDifficulty.Easy, new EncodingRenderer(), options);
            Assert.That(episodes.Select(e => e.Split), Is.EqualTo(new[] { "train", "test" }), "split by episode");
            foreach (var episode in episodes)
            {
                // 1.5 s at 60 Hz kept every 6th tick: 15 frames, more only where the bead slipped.
                Assert.That(episode.FramesPerFinger, Is.GreaterThanOrEqualTo(15));
                foreach (var finger in new[] { "thumb", "index" })
                {
                    var folder = Path.Combine(episode.Folder, finger);
                    var t = episode.FramesPerFinger;
                    var inputs = Npy.Read(Path.Combine(folder, "inputs.npy"));
                    Assert.That((inputs.DType, inputs.Shape), Is.EqualTo((NpyDType.UInt8, new long[] { t, 6, 224, 224 })));
                    var clips = Npy.Read(Path.Combine(folder, "clips.npy"));
                    Assert.That((clips.DType, clips.Shape), Is.EqualTo((NpyDType.UInt8, new long[] { t, 3, 4, 224, 224 })));
                    AssertClipsStartWithThePairsNewestImage(inputs, clips);
                    Assert.That(Npy.Read(Path.Combine(folder, "force.npy")).Shape, Is.EqualTo(new long[] { t, 3 }));
                    Assert.That(Npy.Read(Path.Combine(folder, "delta_force.npy")).Shape, Is.EqualTo(new long[] { t, 3 }));
                    var slip = Npy.Read(Path.Combine(folder, "slip.npy"));
                    Assert.That(slip.Shape, Is.EqualTo(new long[] { t }));
                    // Every slipping tick is kept, so the labels hold all the recording's slips, among more ticks than were kept.
                    var ticks = Npy.Read(Path.Combine(folder, "slip_ticks.npy")).ToInt64();
                    Assert.That(ticks[1], Is.EqualTo(slip.ToInt64().Sum()));
                    Assert.That(ticks[0], Is.InRange(t, 91), "one tick per frame of 1.5 s at 60 Hz");
                    var bins = Npy.Read(Path.Combine(folder, "pose_bins.npy")).ToInt64();
                    Assert.That(bins, Is.All.InRange(0, ContactPoseBins.Count - 1));
                    var contact = Npy.Read(Path.Combine(folder, "contact.npy")).ToFloat32();
                    var force = Npy.Read(Path.Combine(folder, "force.npy")).ToFloat32();
                    // Nothing drops the bead in 1.5 s of an easy maze, but the last second is cut short by the episode's end.
                    Assert.That(Npy.Read(Path.Combine(folder, "grasp_stable.npy")).ToInt64(), Is.EqualTo(Enumerable.Repeat(1L, t)));
                    var sequence = Npy.Read(Path.Combine(folder, "sequence.npy")).ToInt64();
                    Assert.That(sequence, Is.Ordered.Ascending.And.Unique.And.Length.EqualTo(t));
                    for (var i = 0; i < t; i++)
                    {
                        // The bead starts pinched: every frame is in contact, pressed by the operator's grip.
                        Assert.That(contact[i * 4 + 3], Is.EqualTo(1f));
                        Assert.That(force[i * 3 + 2], Is.GreaterThan(0.5f));
                        Assert.That(bins[i * 3], Is.EqualTo(ContactPoseBins.OffsetBin(contact[i * 4])));
                        Assert.That(bins[i * 3 + 2], Is.EqualTo(ContactPoseBins.AngleBin(contact[i * 4 + 2])));
                    }
                }
            }
            // The test renderer's grey level rises 20 per newton over a background of 100: the pair carries the press.
            var first = Npy.Read(Path.Combine(episodes[0].Folder, "thumb", "inputs.npy"));
            Assert.That(first.Data.Take(SparshInputSize.ForceField.PlaneLength).Max(), Is.GreaterThan(0));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>Each clip's first frame is the newest image of its moment's pair, colour by colour.</summary>
    private static void AssertClipsStartWithThePairsNewestImage(NpyArray inputs, NpyArray clips)
    {
        var plane = SparshInputSize.ForceField.PlaneLength;
        for (var i = 0; i < inputs.Shape[0]; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                var pair = inputs.Data.AsSpan((int)((i * 6 + c) * plane), plane);
                var clip = clips.Data.AsSpan((int)((i * 12 + c * 4) * plane), plane);
                Assert.That(clip.SequenceEqual(pair), Is.True, $"moment {i}, colour {c}");
            }
        }
    }

    [Test]
    public void TheBeadStaysInHandOnlyWhenNoTickOfTheNextSecondLostIt()
    {
        // Ticks every 0.25 s; the bead is out of the hand at 2.0 s only (a regrasp follows).
        var held = Enumerable.Range(0, 16).Select(i => (Time: i * 0.25, Held: i != 8)).ToList();
        Assert.That(TouchRecorder.StaysInHand(held, 0.75, 1.0), Is.True, "the loss at 2.0 s is after the second");
        Assert.That(TouchRecorder.StaysInHand(held, 1.0, 1.0), Is.False, "the loss at exactly t + 1 s counts");
        Assert.That(TouchRecorder.StaysInHand(held, 1.75, 1.0), Is.False, "regrasped by t + 1 s still dropped on the way");
        Assert.That(TouchRecorder.StaysInHand(held, 2.0, 1.0), Is.True, "the frame's own tick is not its future");
        Assert.That(TouchRecorder.StaysInHand(held, 3.5, 1.0), Is.True, "a second cut short by the episode's end counts what was recorded");
        Assert.That(TouchRecorder.StaysInHand(held, 3.75, 1.0), Is.True, "the last tick has only its own state: held");
        var lost = held.Select(h => h with { Held = h.Time < 3.5 }).ToList();
        Assert.That(TouchRecorder.StaysInHand(lost, 3.75, 1.0), Is.False, "the last tick has only its own state: out of the hand");
        Assert.That(TouchRecorder.StaysInHand(held, 1.0, 0.5), Is.True, "a shorter horizon ends before the loss");
    }

    [Category("sim")]
    [Test]
    public void FramesBeforeTheBeadSlidesOffAreUnstable()
    {
        var dir = TestPaths.NewTempDirectory("touch-drop");
        try
        {
            // Pad friction gone for the whole episode: the pinched bead falls out of the hand.
            var options = new TouchRecordingOptions(Every: 6, TestEvery: 2, TimeLimit: 3, Vary: false);
            var faults = new[] { new FaultSpec(FaultKind.FrictionDrop, 1.0, 0.5, 10) };
            var episode = TouchRecorder.Record(dir.FullName, 1, 3, MazeDifficulty.Easy, new EncodingRenderer(), options, faults)[0];
            var stable = Npy.Read(Path.Combine(episode.Folder, "thumb", "grasp_stable.npy")).ToInt64();
            Assert.That(stable, Is.EqualTo(Npy.Read(Path.Combine(episode.Folder, "index", "grasp_stable.npy")).ToInt64()), "one bead, one label for both fingers");
            Assert.That(stable[0], Is.EqualTo(0L), "the bead slides off the frictionless pads within the first second");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [TestCase(0.0, 5)]
    [TestCase(-2.74, 0)]
    [TestCase(2.74, 10)]
    [TestCase(-30.0, 0)]
    public void OffsetsFallInTheirBins(double mm, int bin)
    {
        Assert.That(ContactPoseBins.OffsetBin(mm), Is.EqualTo(bin));
        Assert.That(Math.Abs(ContactPoseBins.OffsetCenterMm(ContactPoseBins.OffsetBin(0.3)) - 0.3), Is.LessThanOrEqualTo(ContactPoseBins.OffsetBinWidthMm / 2));
    }

    [Test]
    public void LineDirectionsHaveNoSign()
    {
        Assert.That(ContactPoseBins.AngleBin(0.2), Is.EqualTo(ContactPoseBins.AngleBin(0.2 + Math.PI)));
        Assert.That(ContactPoseBins.WrapHalfTurn(-Math.PI / 2), Is.EqualTo(Math.PI / 2).Within(1e-12));
        // Probability split across the wrap means a line near +-pi/2, not one across at 0.
        var p = new float[ContactPoseBins.Count];
        p[0] = 0.5f;
        p[^1] = 0.5f;
        Assert.That(Math.Abs(ContactPoseBins.ExpectedAngleRad(p)), Is.EqualTo(Math.PI / 2).Within(1e-9));
    }
}
