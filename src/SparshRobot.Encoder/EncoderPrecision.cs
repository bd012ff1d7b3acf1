namespace SparshRobot.Encoder;

/// <summary>
/// Number format the encoder's weights and activations run in. Inputs and output tokens stay float32 either way, so
/// the probes and policies that read the tokens are unchanged.
/// </summary>
public enum EncoderPrecision
{
    /// <summary>The checkpoint's own format; the reference.</summary>
    Float32,

    /// <summary>bfloat16 weights and activations: libtorch hands the matmuls to oneDNN, which uses AVX-512 BF16 where the CPU has it.</summary>
    BFloat16,
}
