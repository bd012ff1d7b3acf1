using SparshRobot.Encoder.Model;
using SparshRobot.Encoder.Probes;
using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.TacBench;

/// <summary>
/// TacBench's end-to-end baseline: a Sparsh ViT of the frozen encoders' size (no registers, as the reference's E2E)
/// from random weights with the task's attentive probe on top, all trained together on the task's labels. Inputs are
/// stored encoder inputs (B, k·C, H, W), uint8 or float32 in [0, 1]; k sensors side by side (both fingers) are
/// encoded one by one with the same ViT and their tokens joined, as the frozen encoders' rows are.
/// </summary>
public sealed class EndToEndModel : nn.Module<Tensor, Tensor>
{
    private readonly SparshVit encoder;
    private readonly TaskProbe probe;

    public EndToEndModel(VitConfig config, ProbeTask task, int poolerHeads) : base(nameof(EndToEndModel))
    {
        encoder = new SparshVit(config);
        probe = new TaskProbe(task, config.EmbedDim, poolerHeads);
        RegisterComponents();
    }

    public VitConfig Config => encoder.Config;

    public override Tensor forward(Tensor inputs)
    {
        using var scope = NewDisposeScope();
        var x = inputs.dtype == ScalarType.Byte ? inputs.to(ScalarType.Float32) / 255f : inputs;
        var (batch, channels) = (x.shape[0], x.shape[1]);
        var sensors = channels / Config.InChannels;
        if (sensors < 1 || channels % Config.InChannels != 0)
        {
            throw new ArgumentException($"end-to-end input has {channels} channels; expected a multiple of the encoder's {Config.InChannels}");
        }
        var tokens = encoder.call(x.reshape(batch * sensors, Config.InChannels, x.shape[2], x.shape[3]));
        return probe.call(tokens.reshape(batch, sensors * tokens.shape[1], tokens.shape[2])).MoveToOuterDisposeScope();
    }
}
