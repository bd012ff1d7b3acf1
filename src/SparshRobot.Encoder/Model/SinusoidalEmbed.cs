using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Model;

/// <summary>
/// Fixed sinusoidal positional embedding over integer patch coordinates (docs/design-notes.md, "Sparsh encoder
/// and checkpoints"): for each axis in
/// z-y-x order, <c>[sin(c·f), cos(c·f)]</c> with <c>f_k = 10000^(-k/nb)</c>, <c>nb = ceil(D / (2·ndim))</c>,
/// truncated to D. The table is computed for the grid actually fed, so any input size works.
/// The <c>frequency_bands</c> buffer exists only so checkpoint keys map one to one; loaders compare it with
/// <see cref="FrequencyBands"/> instead of trusting it.
/// </summary>
public sealed class SinusoidalEmbed : nn.Module
{
    private readonly int _dim;
    private readonly int _ndim;
    private readonly Dictionary<(long, long, long, DeviceType, int, ScalarType), Tensor> _tables = [];

    public SinusoidalEmbed(int dim, int ndim) : base(nameof(SinusoidalEmbed))
    {
        _dim = dim;
        _ndim = ndim;
        var bands = FrequencyBands(dim, ndim);
        register_buffer("frequency_bands", tensor(bands, [ndim, bands.Length / ndim]));
    }

    public static int BandCount(int dim, int ndim) => (dim + 2 * ndim - 1) / (2 * ndim);

    /// <summary>The (ndim, nb) frequency table flattened row-major, as float32.</summary>
    public static float[] FrequencyBands(int dim, int ndim)
    {
        var nb = BandCount(dim, ndim);
        var result = new float[ndim * nb];
        for (var axis = 0; axis < ndim; axis++)
        {
            for (var k = 0; k < nb; k++)
            {
                result[axis * nb + k] = (float)Math.Pow(10000.0, -(double)k / nb);
            }
        }
        return result;
    }

    /// <summary>The (N, D) table for a grid given in z-y-x (or y-x) order, row-major token order.</summary>
    public static float[] Table(int dim, params long[] grid)
    {
        var ndim = grid.Length;
        var nb = BandCount(dim, ndim);
        var tokens = grid.Aggregate(1L, (a, b) => a * b);
        var result = new float[tokens * dim];
        var coord = new long[ndim];
        for (long n = 0; n < tokens; n++)
        {
            var rest = n;
            for (var axis = ndim - 1; axis >= 0; axis--)
            {
                coord[axis] = rest % grid[axis];
                rest /= grid[axis];
            }
            for (var axis = 0; axis < ndim; axis++)
            {
                for (var k = 0; k < nb; k++)
                {
                    var angle = coord[axis] * Math.Pow(10000.0, -(double)k / nb);
                    Put(result, n, dim, (2 * axis * nb) + k, Math.Sin(angle));
                    Put(result, n, dim, (2 * axis * nb) + nb + k, Math.Cos(angle));
                }
            }
        }
        return result;
    }

    private static void Put(float[] table, long token, int dim, int channel, double value)
    {
        if (channel < dim)
        {
            table[token * dim + channel] = (float)value;
        }
    }

    /// <summary>
    /// The cached table for this grid on <paramref name="device"/>, shape (1, N, D), in <paramref name="dtype"/>: a
    /// narrower stream gets the float32 table rounded once, as a float32 table would promote the stream it is added to.
    /// </summary>
    public Tensor ForGrid(ReadOnlySpan<long> grid, Device device, ScalarType dtype = ScalarType.Float32)
    {
        if (grid.Length != _ndim)
        {
            throw new ArgumentException($"a {_ndim}D embedding cannot index a {grid.Length}D grid");
        }
        var key = (grid[0], grid.Length > 1 ? grid[1] : 0, grid.Length > 2 ? grid[2] : 0, device.type, device.index, dtype);
        if (!_tables.TryGetValue(key, out var table))
        {
            var dims = grid.ToArray();
            var tokens = dims.Aggregate(1L, (a, b) => a * b);
            using var exact = tensor(Table(_dim, dims), [1, tokens, _dim], device: device);
            table = exact.to(dtype, copy: true).DetachFromDisposeScope();
            _tables[key] = table;
        }
        return table;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var table in _tables.Values)
            {
                table.Dispose();
            }
            _tables.Clear();
        }
        base.Dispose(disposing);
    }
}
