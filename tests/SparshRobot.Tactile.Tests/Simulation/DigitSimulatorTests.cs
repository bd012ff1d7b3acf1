using SparshRobot.Core.Geometry;
using SparshRobot.Core.Sensing;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Tactile.Simulation;
using SparshRobot.Testing;
using static SparshRobot.Tactile.Tests.TactileTestData;

namespace SparshRobot.Tactile.Tests.Simulation;

public class DigitSimulatorTests
{
    private static readonly BackgroundImage Background = DigitBackground();

    private static ContactState Sphere(double force, double shearX = 0, double shearY = 0) =>
        new(IndenterShape.Sphere, force, new Vec3(shearX, shearY, 0), Vec3.Zero, 5, Vec3.UnitX);

    private static byte[] Render(ContactState contact, SimulatorOptions? options = null, long index = 0, IndenterHeightMap? map = null)
    {
        var sim = new DigitSimulator(Background, options ?? new SimulatorOptions { NoiseStd = 0 }) { HeightMap = map };
        var rgb = new byte[sim.FrameLength];
        sim.Render(contact, rgb, index);
        return rgb;
    }

    /// <summary>Patch statistics against the background: area, luminance drop on the patch, change-weighted centroid.</summary>
    private static (int Area, double Darkening, double Cx, double Cy) Patch(byte[] rgb)
    {
        int area = 0;
        double dark = 0, wsum = 0, cx = 0, cy = 0;
        for (var p = 0; p < 240 * 320; p++)
        {
            var change = 0;
            var lum = 0;
            for (var c = 0; c < 3; c++)
            {
                change += Math.Abs(rgb[3 * p + c] - Background.Rgb[3 * p + c]);
                lum += rgb[3 * p + c] - Background.Rgb[3 * p + c];
            }
            if (change <= 6)
            {
                continue;
            }
            area++;
            dark += Math.Min(0, lum / 3.0);
            wsum += change;
            cx += change * (p % 240);
            cy += change * (p / 240);
        }
        return (area, dark / Math.Max(area, 1), cx / wsum, cy / wsum);
    }

    [Category("slow")]
    [Test]
    public void SameSeedAndFrameGiveIdenticalImagesAndOtherSeedsDiffer()
    {
        var options = new SimulatorOptions { Seed = 7 };
        var first = Render(Sphere(2), options, 3);
        Assert.That(Render(Sphere(2), options, 3), Is.EqualTo(first));
        Assert.That(Render(Sphere(2), options, 3), Is.Not.EqualTo(Render(Sphere(2), options with { Seed = 8 }, 3)));
        Assert.That(Render(Sphere(2), options, 3), Is.Not.EqualTo(Render(Sphere(2), options, 4)), "noise changes from frame to frame");

        var a = new DigitSimulator(Background, options);
        var b = new DigitSimulator(Background, options);
        var fa = new byte[a.FrameLength];
        var fb = new byte[b.FrameLength];
        for (var i = 0; i < 3; i++)
        {
            a.Render(Sphere(i), fa);
            b.Render(Sphere(i), fb);
            Assert.That(fa, Is.EqualTo(fb));
        }
    }

    [Test]
    public void NoContactIsTheBackgroundPlusNoise()
    {
        var rgb = Render(ContactState.NoContact, new SimulatorOptions { NoiseStd = 1.5 });
        var mad = rgb.Zip(Background.Rgb).Average(p => Math.Abs(p.First - p.Second));
        Assert.That(mad, Is.InRange(0.5, 2.0));
        Assert.That(Render(ContactState.NoContact), Is.EqualTo(Background.Rgb), "noise off: exactly the background");
    }

    [Test]
    public void MoreForceGivesALargerDarkerEdgedPatch()
    {
        var light = Patch(Render(Sphere(0.5)));
        var medium = Patch(Render(Sphere(1.5)));
        var heavy = Patch(Render(Sphere(3.0)));
        TestContext.Out.WriteLine($"area {light.Area} {medium.Area} {heavy.Area}; darkening {light.Darkening:0.00} {medium.Darkening:0.00} {heavy.Darkening:0.00}");
        Assert.That(light.Area, Is.GreaterThan(50));
        Assert.That(medium.Area, Is.GreaterThan(light.Area));
        Assert.That(heavy.Area, Is.GreaterThan(medium.Area));
        Assert.That(medium.Darkening, Is.LessThan(light.Darkening));
        Assert.That(heavy.Darkening, Is.LessThan(medium.Darkening));
        Assert.That(heavy.Cx, Is.EqualTo(120).Within(2), "centred contact");
        Assert.That(heavy.Cy, Is.EqualTo(160).Within(2));
    }

    [Test]
    public void ShearMovesTheImprintInTheShearDirection()
    {
        var still = Patch(Render(Sphere(2)));
        var right = Patch(Render(Sphere(2, shearX: 0.5)));
        var down = Patch(Render(Sphere(2, shearY: 0.5)));
        // 0.5 N x 1.2 mm/N / 0.08 mm/px = 7.5 px.
        Assert.That(right.Cx - still.Cx, Is.EqualTo(7.5).Within(1.5));
        Assert.That(right.Cy - still.Cy, Is.EqualTo(0).Within(1));
        Assert.That(down.Cy - still.Cy, Is.EqualTo(7.5).Within(1.5));
    }

    [Test]
    public void GelSightMiniMarkersFollowTheShear()
    {
        var options = DigitSimulator.OptionsFor(SensorProfile.GelSightMini, seed: 0) with { NoiseStd = 0 };
        Assert.That(options.MarkerColumns, Is.GreaterThan(0));
        var still = Render(Sphere(1), options);
        var sheared = Render(Sphere(1, shearX: 0.5), options);
        static int Lum(byte[] rgb, int x, int y) => rgb[(y * 240 + x) * 3] + rgb[(y * 240 + x) * 3 + 1] + rgb[(y * 240 + x) * 3 + 2];
        // The marker at the pad centre (120, 160) is dragged 7.5 px along +x.
        Assert.That(Lum(still, 120, 160), Is.LessThan(Lum(sheared, 120, 160) - 100), "marker left its rest position");
        Assert.That(Lum(sheared, 127, 160), Is.LessThan(Lum(still, 127, 160) - 100), "marker arrived 7.5 px to the right");
        // Far from the contact the grid stays put.
        Assert.That(Lum(sheared, 17, 17), Is.EqualTo(Lum(still, 17, 17)));
    }

    [Test]
    public void AWireMarksAStripAcrossThePad()
    {
        var wire = new ContactState(IndenterShape.Cylinder, 2, Vec3.Zero, Vec3.Zero, 1, Vec3.UnitX);
        var rgb = Render(wire);
        static int Change(byte[] rgb, int x, int y) => Enumerable.Range(0, 3).Sum(c => Math.Abs(rgb[(y * 240 + x) * 3 + c] - Background.Rgb[(y * 240 + x) * 3 + c]));
        Assert.That(Enumerable.Range(0, 4).Max(dy => Change(rgb, 20, 155 + dy)), Is.GreaterThan(6));
        Assert.That(Enumerable.Range(0, 4).Max(dy => Change(rgb, 220, 155 + dy)), Is.GreaterThan(6));
        Assert.That(Change(rgb, 120, 40), Is.Zero);
    }

    [Test]
    public void ADiagonalWireMarksTheDiagonalOnly()
    {
        var wire = new ContactState(IndenterShape.Cylinder, 2, Vec3.Zero, Vec3.Zero, 1, new Vec3(1, 1, 0));
        var rgb = Render(wire);
        static int Change(byte[] rgb, int x, int y) => Enumerable.Range(0, 3).Sum(c => Math.Abs(rgb[(y * 240 + x) * 3 + c] - Background.Rgb[(y * 240 + x) * 3 + c]));
        foreach (var k in new[] { -100, -60, 40, 100 })
        {
            var near = Enumerable.Range(-6, 13).Max(dx => Change(rgb, 120 + k + dx, 160 + k));
            Assert.That(near, Is.GreaterThan(6), $"on the diagonal at offset {k}");
            Assert.That(Change(rgb, 120 + k, 160 - k), Is.Zero, $"off the diagonal at offset {k}");
        }
    }

    [Test]
    public void AHeightMapIndenterImprintsItsShape()
    {
        // A ring: touching on a circle of radius 1.5 mm, the inside 1 mm higher.
        var heights = new float[41 * 41];
        for (var y = 0; y < 41; y++)
        {
            for (var x = 0; x < 41; x++)
            {
                var r = Math.Sqrt((x - 20) * (x - 20) + (y - 20) * (y - 20)) * 0.1;
                heights[y * 41 + x] = r > 2 ? float.PositiveInfinity : (float)(r < 1.2 ? 1.0 : Math.Abs(r - 1.5));
            }
        }
        var map = new IndenterHeightMap(heights, 41, 41, 0.1);
        var rgb = Render(new ContactState(IndenterShape.Flat, 1, Vec3.Zero, Vec3.Zero, 0, Vec3.UnitX), map: map);
        static int Change(byte[] rgb, int x, int y) => Enumerable.Range(0, 3).Sum(c => Math.Abs(rgb[(y * 240 + x) * 3 + c] - Background.Rgb[(y * 240 + x) * 3 + c]));
        Assert.That(Change(rgb, 120, 160), Is.LessThan(4), "the raised centre does not touch");
        Assert.That(Enumerable.Range(132, 8).Max(x => Change(rgb, x, 160)), Is.GreaterThan(10), "the ring does");
    }

    [Test]
    public void RenderingDoesNotAllocate()
    {
        var sim = new DigitSimulator(Background, DigitSimulator.OptionsFor(SensorProfile.GelSightMini, seed: 1));
        var rgb = new byte[sim.FrameLength];
        var contact = Sphere(2, 0.3, 0.1);
        var allocated = Allocations.FewestPerBlock(() =>
        {
            for (var i = 0; i < 20; i++)
            {
                sim.Render(contact, rgb);
            }
        });
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void ContactsWithoutARadiusAreRejected()
    {
        var sim = new DigitSimulator(Background);
        var ex = Assert.Throws<ArgumentException>(() => sim.Render(new ContactState(IndenterShape.Sphere, 1, Vec3.Zero, Vec3.Zero, 0, Vec3.UnitX), new byte[sim.FrameLength]));
        Assert.That(ex!.Message, Does.Contain("radius"));
    }
}
