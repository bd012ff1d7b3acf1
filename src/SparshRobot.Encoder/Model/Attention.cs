using TorchSharp;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace SparshRobot.Encoder.Model;

/// <summary>
/// Multi-head self-attention: <c>qkv</c> rows are Q, K, V with heads contiguous; scale head_dim^-0.5, no mask.
/// Uses the fused <c>scaled_dot_product_attention</c> kernel.
/// </summary>
public sealed class Attention : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> qkv;
    private readonly nn.Module<Tensor, Tensor> proj;
    private readonly long _heads;

    public Attention(int dim, int heads) : base(nameof(Attention))
    {
        _heads = heads;
        qkv = nn.Linear(dim, 3L * dim);
        proj = nn.Linear(dim, dim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (b, n, c) = (x.shape[0], x.shape[1], x.shape[2]);
        var heads = qkv.call(x).view(b, n, 3, _heads, c / _heads).permute(2, 0, 3, 1, 4);
        var attended = nn.functional.scaled_dot_product_attention(heads[0], heads[1], heads[2]);
        return proj.call(attended.transpose(1, 2).reshape(b, n, c)).MoveToOuterDisposeScope();
    }
}

/// <summary>Two-layer MLP with the exact (erf) GELU between <c>fc1</c> and <c>fc2</c>.</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> fc1;
    private readonly nn.Module<Tensor, Tensor> fc2;

    public Mlp(int dim, int hidden) : base(nameof(Mlp))
    {
        fc1 = nn.Linear(dim, hidden);
        fc2 = nn.Linear(hidden, dim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var hidden = fc1.call(x);
        using var activated = nn.functional.gelu(hidden);
        return fc2.call(activated);
    }
}

/// <summary>Per-channel scale on a residual branch (<c>gamma</c>).</summary>
public sealed class LayerScale : nn.Module<Tensor, Tensor>
{
    private readonly Parameter gamma;

    public LayerScale(int dim) : base(nameof(LayerScale))
    {
        gamma = new Parameter(ones(dim));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => x * gamma;
}
