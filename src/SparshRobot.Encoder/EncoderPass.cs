using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using static TorchSharp.torch;

namespace SparshRobot.Encoder;

/// <summary>One row of an <see cref="EncoderPass"/>: whose frames it encoded, the pair's sequence numbers and the newest frame's stamp.</summary>
public readonly record struct EncodedPair(string Sensor, long Newest, long Older, Timestamp NewestStamp);

/// <summary>
/// One batched encoder pass over several sensors' frame pairs, kept so that a second reader (the policy beside the
/// tactile probes) reuses the tokens instead of encoding the same frames again. What a reader must match before
/// trusting the tokens travels with them: the encoder, the input size and the pair stride.
/// </summary>
/// <param name="Tokens">(rows, tokens, dim) on the encoder's device, owned by the producer and replaced by its next pass.</param>
public sealed record EncoderPass(Tensor Tokens, IReadOnlyList<EncodedPair> Rows, string EncoderIdentity, SparshInputSize Size, int Stride)
{
    /// <summary>The same pass with its rows renamed (a reader may call the fingertip streams by other names).</summary>
    public EncoderPass Renamed(Func<string, string> name) => this with { Rows = [.. Rows.Select(r => r with { Sensor = name(r.Sensor) })] };
}
