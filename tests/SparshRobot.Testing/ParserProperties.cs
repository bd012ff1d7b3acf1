using CsCheck;

namespace SparshRobot.Testing;

/// <summary>
/// Property checks for parsers of outside input: random and mutated bytes end in the parser's own format error or in
/// a result, never in another exception, and never in an allocation sized by a length field instead of by the input.
/// </summary>
public static class ParserProperties
{
    /// <summary>Iterations per property: enough to reach the length and count fields of small inputs, bounded so
    /// the checks stay in the fast loop.</summary>
    public const long Iterations = 2000;

    /// <summary>Allocation allowed per parse beyond a multiple of the input: a parser's fixed tables and buffers.</summary>
    private const long AllocationSlack = 8 << 20;

    /// <summary>Byte arrays from <paramref name="valid"/>: truncated, with some bytes overwritten, or both.</summary>
    public static Gen<byte[]> Mutations(byte[] valid) =>
        Gen.Select(Gen.Int[0, valid.Length], Gen.Select(Gen.Int[0, Math.Max(0, valid.Length - 1)], Gen.Byte).Array[0, 6], (length, writes) =>
        {
            var bytes = valid.ToArray();
            foreach (var (at, value) in writes)
            {
                if (valid.Length > 0)
                {
                    bytes[at] = value;
                }
            }
            return bytes[..length];
        });

    /// <summary>
    /// Checks <paramref name="parse"/> on every input of <paramref name="inputs"/>: it returns or throws
    /// <typeparamref name="TFormatError"/>, allocating at most 64 times the input plus a fixed slack.
    /// </summary>
    public static void OnlyFormatErrors<TFormatError>(Gen<byte[]> inputs, Action<byte[]> parse, long iterations = Iterations)
        where TFormatError : Exception
    {
        inputs.Sample(bytes =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                parse(bytes);
            }
            catch (TFormatError)
            {
            }
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated > 64L * bytes.Length + AllocationSlack)
            {
                throw new InvalidOperationException($"parsing {bytes.Length} bytes allocated {allocated} bytes");
            }
        }, iter: iterations, threads: 1, print: bytes => Convert.ToHexString(bytes));
    }
}
