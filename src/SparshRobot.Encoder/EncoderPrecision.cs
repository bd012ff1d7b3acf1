namespace SparshRobot.Encoder;

/// <summary>
/// Number format of the encoder's matrix products. Inputs, the residual stream and the output tokens stay float32
/// either way, so the probes and policies that read the tokens are unchanged.
/// </summary>
public enum EncoderPrecision
{
    /// <summary>The checkpoint's own format; the reference.</summary>
    Float32,

    /// <summary>bfloat16 linear layers and attention (weights and their inputs), float32 everywhere else, as PyTorch's CPU
    /// autocast runs a ViT: libtorch hands the products to oneDNN, which uses AVX-512 BF16 where the CPU has it.</summary>
    BFloat16,
}
