using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Probes;

// Field names are the PyTorch attribute names: RegisterComponents() turns them into state-dict keys.

/// <summary>Cross-attention from queries to tokens: <c>q</c>, <c>kv</c> (rows K then V, heads contiguous), <c>proj</c>.</summary>
public sealed class CrossAttention : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> q;
    private readonly nn.Module<Tensor, Tensor> kv;
    private readonly nn.Module<Tensor, Tensor> proj;
    private readonly long _heads;

    public CrossAttention(int dim, int heads) : base(nameof(CrossAttention))
    {
        _heads = heads;
        q = nn.Linear(dim, dim);
        kv = nn.Linear(dim, 2L * dim);
        proj = nn.Linear(dim, dim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor queries, Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var (b, n, c) = (tokens.shape[0], tokens.shape[1], tokens.shape[2]);
        var m = queries.shape[1];
        var qh = q.call(queries).view(b, m, _heads, c / _heads).transpose(1, 2);
        var kvh = kv.call(tokens).view(b, n, 2, _heads, c / _heads).permute(2, 0, 3, 1, 4);
        var attended = nn.functional.scaled_dot_product_attention(qh, kvh[0], kvh[1]);
        return proj.call(attended.transpose(1, 2).reshape(b, m, c)).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// <c>q = q + xattn(q, norm1(x)); q = q + mlp(norm2(q))</c>: only the tokens are normalized before attention.
/// LayerNorm uses the PyTorch default eps 1e-5 (the encoder uses 1e-6); no LayerScale.
/// </summary>
public sealed class CrossAttentionBlock : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> norm1;
    private readonly CrossAttention xattn;
    private readonly nn.Module<Tensor, Tensor> norm2;
    private readonly Model.Mlp mlp;

    public CrossAttentionBlock(int dim, int heads) : base(nameof(CrossAttentionBlock))
    {
        norm1 = nn.LayerNorm(dim, eps: 1e-5);
        xattn = new CrossAttention(dim, heads);
        norm2 = nn.LayerNorm(dim, eps: 1e-5);
        mlp = new Model.Mlp(dim, 4 * dim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor queries, Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var x = queries + xattn.call(queries, norm1.call(tokens));
        x = x + mlp.call(norm2.call(x));
        return x.MoveToOuterDisposeScope();
    }
}

/// <summary>One learned query attends over the frozen encoder's patch tokens (B, N, D) and returns (B, D).</summary>
public sealed class AttentivePooler : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Parameter query_tokens;
    private readonly CrossAttentionBlock cross_attention_block;

    public AttentivePooler(int dim, int heads) : base(nameof(AttentivePooler))
    {
        query_tokens = new TorchSharp.Modules.Parameter(zeros(1, 1, dim));
        cross_attention_block = new CrossAttentionBlock(dim, heads);
        RegisterComponents();
        using var noGrad = no_grad();
        nn.init.trunc_normal_(query_tokens, std: 0.02);
    }

    public override Tensor forward(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var queries = query_tokens.expand(tokens.shape[0], -1, -1);
        return cross_attention_block.call(queries, tokens).squeeze(1).MoveToOuterDisposeScope();
    }
}
