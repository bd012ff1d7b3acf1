using SparshRobot.Encoder.Initialization;
using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Probes;

// Field names are the PyTorch attribute names: RegisterComponents() turns them into state-dict keys.

/// <summary>Cross-attention from queries to tokens: <c>q</c>, <c>kv</c> (rows K then V, heads contiguous), <c>proj</c>.</summary>
public sealed class CrossAttention : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Linear q;
    private readonly TorchSharp.Modules.Linear kv;
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

    /// <summary>
    /// The same attention as projecting every token to keys and values, computed without doing so: the queries are
    /// folded into the key weights (q·(W_k x + b_k) = (W_kᵀq)·x + q·b_k) and the value projection is applied
    /// after the attention-weighted mean of the tokens (weights sum to one, so the bias passes through). With a
    /// few queries over hundreds of tokens this is ~D/heads times fewer operations, which dominates policy training.
    /// </summary>
    public override Tensor forward(Tensor queries, Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var (b, c) = (tokens.shape[0], tokens.shape[2]);
        var m = queries.shape[1];
        var dh = c / _heads;
        var qh = q.call(queries).view(b, m, _heads, dh);
        var weight = kv.weight!.view(2, _heads, dh, c);
        var bias = kv.bias!.view(2, _heads, dh);
        var scale = 1 / Math.Sqrt(dh);
        // (B, heads * queries, ...) keeps both token products plain batched matmuls, with no broadcast copies.
        var foldedKeys = torch.einsum("bmhd,hdc->bhmc", qh, weight[0]).reshape(b, _heads * m, c) * scale;
        var keyBias = torch.einsum("bmhd,hd->bhm", qh, bias[0]).reshape(b, _heads * m, 1) * scale;
        var attention = (torch.bmm(foldedKeys, tokens.transpose(1, 2)) + keyBias).softmax(-1);
        var pooled = torch.bmm(attention, tokens).view(b, _heads, m, c);
        var values = torch.einsum("bhmc,hdc->bmhd", pooled, weight[1]) + bias[1];
        return proj.call(values.reshape(b, m, c)).MoveToOuterDisposeScope();
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
        TruncatedNormal.Fill(query_tokens, std: 0.02);
    }

    public override Tensor forward(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var queries = query_tokens.expand(tokens.shape[0], -1, -1);
        return cross_attention_block.call(queries, tokens).squeeze(1).MoveToOuterDisposeScope();
    }
}
