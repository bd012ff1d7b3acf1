using SparshRobot.Encoder.Initialization;
using TorchSharp;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace SparshRobot.Encoder.Pretraining.Dino;

// Field names are the PyTorch attribute names: RegisterComponents() turns them into state-dict keys.

/// <summary>
/// DINO's projection head: a 3-layer MLP (GELU) to a bottleneck, L2 normalisation, then a weight-normed linear layer
/// without bias to K prototypes (<c>mlp.{0,2,4}</c> as Sparsh names them, or with batch norm <c>mlp.{0,3,6}</c> and the
/// norms <c>mlp.{1,4}</c>; <c>last_layer.weight_g</c>, <c>last_layer.weight_v</c>).
/// </summary>
public sealed class DinoHead : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> mlp;
    private readonly WeightNormLinear last_layer;

    public DinoHead(int inDim, DinoOptions options) : base(nameof(DinoHead))
    {
        // A hidden layer: linear, batch norm where the options ask for it, GELU.
        nn.Module<Tensor, Tensor>[] Hidden(int from) => options.HeadBatchNorm
            ? [nn.Linear(from, options.HiddenDim), nn.BatchNorm1d(options.HiddenDim), nn.GELU()]
            : [nn.Linear(from, options.HiddenDim), nn.GELU()];
        mlp = nn.Sequential([.. Hidden(inDim), .. Hidden(options.HiddenDim), nn.Linear(options.HiddenDim, options.BottleneckDim)]);
        last_layer = new WeightNormLinear(options.BottleneckDim, options.OutDim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var hidden = mlp.call(x);
        using var unit = nn.functional.normalize(hidden, dim: -1);
        return last_layer.call(unit);
    }
}

/// <summary>
/// <c>weight = g · v / ‖v‖</c> per output row, no bias. As in DINO (<c>norm_last_layer</c>) the norm <c>g</c> is fixed at 1,
/// so the logits are cosine similarities to the prototypes and cannot grow to dodge the temperature.
/// </summary>
public sealed class WeightNormLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight_g;
    private readonly Parameter weight_v;

    public WeightNormLinear(int inDim, int outDim) : base(nameof(WeightNormLinear))
    {
        weight_g = new Parameter(ones(outDim, 1), requires_grad: false);
        weight_v = new Parameter(empty(outDim, inDim));
        // Only the direction of each row matters (g is fixed), so any spread-out draw gives distinct prototypes.
        TruncatedNormal.Fill(weight_v, std: 0.02);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var weight = weight_g * weight_v / weight_v.norm(1, keepdim: true);
        return nn.functional.linear(x, weight).MoveToOuterDisposeScope();
    }
}
