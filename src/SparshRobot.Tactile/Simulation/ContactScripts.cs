using SparshRobot.Core.Geometry;
using SparshRobot.Core.Sensing;

namespace SparshRobot.Tactile.Simulation;

/// <summary>Canned contact sequences for demos, contact sheets and benchmarks.</summary>
public static class ContactScripts
{
    /// <summary>
    /// A 5 mm sphere: no contact for the first sixth, pressed to 2.5 N over the next third, then slid along +x by
    /// a shear growing to 0.6 N.
    /// </summary>
    public static ContactState PressAndSlide(long frame, long frameCount)
    {
        var t = frameCount <= 1 ? 1.0 : (double)frame / (frameCount - 1);
        if (t < 1.0 / 6)
        {
            return ContactState.NoContact;
        }
        var press = Math.Min(1.0, (t - 1.0 / 6) / (1.0 / 3));
        var slide = Math.Max(0.0, (t - 0.5) / 0.5);
        return new ContactState(IndenterShape.Sphere, 0.2 + 2.3 * press, new Vec3(0.6 * slide, 0, 0), new Vec3(-2, 1, 0), 5, Vec3.UnitX);
    }
}
