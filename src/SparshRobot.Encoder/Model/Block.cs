using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Model;

/// <summary>Pre-norm transformer block with LayerScale on both branches; LayerNorm eps 1e-6.</summary>
public sealed class Block : nn.Module<Tensor, Tensor>
{
    public const double NormEps = 1e-6;

    private readonly nn.Module<Tensor, Tensor> norm1;
    private readonly Attention attn;
    private readonly LayerScale ls1;
    private readonly nn.Module<Tensor, Tensor> norm2;
    private readonly Mlp mlp;
    private readonly LayerScale ls2;

    public Block(int dim, int heads) : base(nameof(Block))
    {
        norm1 = nn.LayerNorm(dim, eps: NormEps);
        attn = new Attention(dim, heads);
        ls1 = new LayerScale(dim);
        norm2 = nn.LayerNorm(dim, eps: NormEps);
        mlp = new Mlp(dim, 4 * dim);
        ls2 = new LayerScale(dim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        x = x + ls1.call(attn.call(norm1.call(x)));
        x = x + ls2.call(mlp.call(norm2.call(x)));
        return x.MoveToOuterDisposeScope();
    }
}
