using SparshRobot.Core.Numerics;
using SparshRobot.Testing;
using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Tests;

/// <summary>Paths and loaders for the committed reference fixtures (see Fixtures/make_fixtures.py).</summary>
internal static class Fixtures
{
    public static string Path(string name) => TestPaths.Fixture("SparshRobot.Encoder.Tests", name);

    /// <summary>A fixture .npy as a float32 tensor; uint8 arrays are scaled by 1/255 as the encoder input is.</summary>
    public static Tensor Tensor(string name)
    {
        var array = Npy.Read(Path(name));
        var values = array.ToFloat32();
        if (array.DType == NpyDType.UInt8)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] /= 255f;
            }
        }
        return tensor(values, array.Shape);
    }

    public static double MaxAbsDiff(Tensor a, Tensor b) => (a - b).abs().max().item<float>();
}
