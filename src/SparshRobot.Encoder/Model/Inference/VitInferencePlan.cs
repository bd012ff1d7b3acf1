using TorchSharp;
using static SparshRobot.Encoder.Model.Inference.LibTorchSharpNative;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Model.Inference;

/// <summary>
/// The frozen <see cref="SparshVit"/> forward pass for inference, run on raw libtorch handles: after the first call
/// per input grid it allocates no managed memory but the returned <c>Tensor</c>. <see cref="SparshVit.forward"/>
/// stays the reference (training, MAE, parity); this is the same computation with two fusions that only change
/// rounding: each LayerScaled residual is one <c>addcmul_</c> into the residual stream, and GELU runs in place.
/// The plan aliases the model's weights (detached views of the same storage, taken from the state-dict keys), so
/// in-place updates show; a module moved or reloaded into new tensors needs a new plan. With
/// <see cref="EncoderPrecision.BFloat16"/> the linear layers and attention run on bfloat16 copies of their weights and
/// inputs, as PyTorch's CPU autocast does, while the residual stream, LayerNorm, LayerScale and the patch embedding stay
/// float32: rounding each update but never the running sum keeps the tokens close (docs/control.md, "bfloat16").
/// </summary>
public sealed unsafe class VitInferencePlan : IDisposable
{
    private readonly SparshVit _model;
    private readonly VitConfig _config;
    private readonly Device _device;
    private readonly List<nint> _owned = [];
    private readonly nint _patchWeight, _patchBias, _registers, _normWeight, _normBias;
    private readonly BlockWeights[] _blocks;
    private readonly nint _one;
    private readonly ScalarType? _matmulType;
    private bool _disposed;

    public VitInferencePlan(SparshVit model, Device device, EncoderPrecision precision = EncoderPrecision.Float32)
    {
        _model = model;
        _config = model.Config;
        _device = device;
        _matmulType = precision == EncoderPrecision.BFloat16 ? ScalarType.BFloat16 : null;
        _one = THSTorch_float32_to_scalar(1f);
        try
        {
            var weights = model.state_dict();
            nint Weight(string key, bool transposed = false)
            {
                var detached = Own(Check(THSTensor_detach(weights[key].Handle)));
                return transposed ? Own(Check(THSTensor_t(detached))) : detached;
            }

            // A linear layer's weight (transposed view) and bias, as bfloat16 copies when the products run in it.
            nint Linear(string key) => Narrow(Weight(key, transposed: key.EndsWith(".weight", StringComparison.Ordinal)));
            nint Narrow(nint weight) => _matmulType is { } type ? Own(Check(THSTensor_to_type(weight, (sbyte)type, false, false))) : weight;

            _patchWeight = Weight("patch_embed.proj.weight");
            _patchBias = Weight("patch_embed.proj.bias");
            _registers = _config.Registers > 0 ? Weight("register_tokens") : 0;
            _normWeight = Weight("norm.weight");
            _normBias = Weight("norm.bias");
            // Linear weights are kept as transposed views: addmm(bias, x, W^T) is nn.Linear without a copy.
            _blocks = [.. Enumerable.Range(0, _config.Depth).Select(i => new BlockWeights(
                Weight($"blocks.{i}.norm1.weight"), Weight($"blocks.{i}.norm1.bias"),
                Linear($"blocks.{i}.attn.qkv.weight"), Linear($"blocks.{i}.attn.qkv.bias"),
                Linear($"blocks.{i}.attn.proj.weight"), Linear($"blocks.{i}.attn.proj.bias"),
                Weight($"blocks.{i}.ls1.gamma"),
                Weight($"blocks.{i}.norm2.weight"), Weight($"blocks.{i}.norm2.bias"),
                Linear($"blocks.{i}.mlp.fc1.weight"), Linear($"blocks.{i}.mlp.fc1.bias"),
                Linear($"blocks.{i}.mlp.fc2.weight"), Linear($"blocks.{i}.mlp.fc2.bias"),
                Weight($"blocks.{i}.ls2.gamma")))];
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Normalized float32 patch tokens (B, N, D), as <see cref="SparshVit.forward"/> returns them, for a float32
    /// input on this plan's device.</summary>
    public Tensor Forward(Tensor input)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        SparshVit.CheckInput(_config, input);
        var guard = THSAutograd_getInferenceModeGuard(true);
        try
        {
            long batch = input.size(0);
            using var stream = Embed(input, batch, out long tokens);
            foreach (var block in _blocks)
            {
                AttentionBranch(stream, block, batch, tokens);
                MlpBranch(stream, block);
            }
            return Tensor.UnsafeCreateTensor(PatchTokens(stream, batch, tokens));
        }
        finally
        {
            THSAutograd_deleteInferenceModeGuard(guard);
        }
    }

    /// <summary>Patch embedding plus positions, registers in front: the residual stream as (B·T, D), T tokens each.</summary>
    private NativeTensor Embed(Tensor input, long batch, out long tokens)
    {
        int p = _config.PatchSize;
        bool video = _config.Mode == InputMode.Video;
        var rank = (int)input.dim();
        long* stride = stackalloc long[] { _config.Tubelet, p, p };
        long* zero = stackalloc long[] { 0, 0, 0 };
        long* one = stackalloc long[] { 1, 1, 1 };
        using var patches = new NativeTensor(Check(video
            ? THSTensor_conv3d(input.Handle, _patchWeight, _patchBias, stride, 3, zero, 3, one, 3, 1)
            : THSTensor_conv2d(input.Handle, _patchWeight, _patchBias, stride + 1, 2, zero, 2, one, 2, 1)));
        using var flat = new NativeTensor(Check(THSTensor_flatten(patches, 2, -1)));
        using var sequence = new NativeTensor(Check(THSTensor_transpose(flat, 1, 2)));
        Span<long> grid = stackalloc long[] { video ? input.size(2) / _config.Tubelet : 1, input.size(rank - 2) / p, input.size(rank - 1) / p };
        // The module's own cached float32 table: built on the first call per grid, then looked up.
        var position = _model.PositionTable(video ? grid : grid[1..], _device);
        var placed = new NativeTensor(Check(THSTensor_add(sequence, position.Handle, _one)));
        tokens = grid[0] * grid[1] * grid[2] + _config.Registers;
        long* shape = stackalloc long[] { batch, _config.Registers, _config.EmbedDim };
        using var joined = _config.Registers == 0 ? placed : Prepend(placed, shape);
        shape[0] = batch * tokens;
        shape[1] = _config.EmbedDim;
        // reshape, not view: without registers the sum keeps the transposed layout of the patch tokens.
        return new NativeTensor(Check(THSTensor_reshape(joined, shape, 2)));
    }

    private NativeTensor Prepend(NativeTensor placed, long* registerShape)
    {
        using (placed)
        {
            using var registers = new NativeTensor(Check(THSTensor_expand(_registers, registerShape, 3, false)));
            nint* parts = stackalloc nint[] { registers, placed };
            return new NativeTensor(Check(THSTensor_cat(parts, 2, 1)));
        }
    }

    private void AttentionBranch(NativeTensor stream, in BlockWeights w, long batch, long tokens)
    {
        long dim = _config.EmbedDim, heads = _config.NumHeads;
        using var normed = MatmulInput(LayerNorm(stream, w.Norm1Weight, w.Norm1Bias));
        using var qkv = new NativeTensor(Check(THSTensor_addmm(w.QkvBias, normed, w.QkvWeightT, 1f, 1f)));
        long* split = stackalloc long[] { batch, tokens, 3, heads, dim / heads };
        using var split5 = new NativeTensor(Check(THSTensor_view(qkv, split, 5)));
        long* order = stackalloc long[] { 2, 0, 3, 1, 4 };
        using var perHead = new NativeTensor(Check(THSTensor_permute(split5, order, 5)));
        using var q = new NativeTensor(Check(THSTensor_select(perHead, 0, 0)));
        using var k = new NativeTensor(Check(THSTensor_select(perHead, 0, 1)));
        using var v = new NativeTensor(Check(THSTensor_select(perHead, 0, 2)));
        using var attended = new NativeTensor(Check(THSNN_scaled_dot_product_attention(q, k, v, 0, 0.0, false)));
        using var tokenMajor = new NativeTensor(Check(THSTensor_transpose(attended, 1, 2)));
        long* merged = stackalloc long[] { batch * tokens, dim };
        using var mergedHeads = new NativeTensor(Check(THSTensor_reshape(tokenMajor, merged, 2)));
        using var projected = new NativeTensor(Check(THSTensor_addmm(w.ProjBias, mergedHeads, w.ProjWeightT, 1f, 1f)));
        // A bfloat16 update is widened as it is added: the float32 stream is never rounded.
        THSTensor_addcmul_(stream, projected, w.Gamma1, _one);
        CheckLastError();
    }

    private void MlpBranch(NativeTensor stream, in BlockWeights w)
    {
        using var normed = MatmulInput(LayerNorm(stream, w.Norm2Weight, w.Norm2Bias));
        using var hidden = new NativeTensor(Check(THSTensor_addmm(w.Fc1Bias, normed, w.Fc1WeightT, 1f, 1f)));
        // gelu_ hands back a second handle to the same tensor.
        new NativeTensor(Check(THSTensor_gelu_(hidden))).Dispose();
        using var output = new NativeTensor(Check(THSTensor_addmm(w.Fc2Bias, hidden, w.Fc2WeightT, 1f, 1f)));
        THSTensor_addcmul_(stream, output, w.Gamma2, _one);
        CheckLastError();
    }

    /// <summary>Final norm, back to (B, T, D), registers dropped; the handle is the caller's.</summary>
    private nint PatchTokens(NativeTensor stream, long batch, long tokens)
    {
        using var normed = LayerNorm(stream, _normWeight, _normBias);
        long* shape = stackalloc long[] { batch, tokens, _config.EmbedDim };
        var batched = Check(THSTensor_view(normed, shape, 3));
        if (_config.Registers == 0)
        {
            return batched;
        }
        using var withRegisters = new NativeTensor(batched);
        return Check(THSTensor_narrow(withRegisters, 1, _config.Registers, tokens - _config.Registers));
    }

    /// <summary>A normalized float32 activation in the products' format; the float32 one is disposed when converted.</summary>
    private NativeTensor MatmulInput(NativeTensor normed)
    {
        if (_matmulType is not { } type)
        {
            return normed;
        }
        using (normed)
        {
            return new NativeTensor(Check(THSTensor_to_type(normed, (sbyte)type, false, false)));
        }
    }

    private NativeTensor LayerNorm(NativeTensor x, nint weight, nint bias)
    {
        long dim = _config.EmbedDim;
        return new NativeTensor(Check(THSNN_layer_norm(x, &dim, 1, weight, bias, Block.NormEps)));
    }

    private nint Own(nint handle)
    {
        _owned.Add(handle);
        return handle;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _owned.ForEach(THSTensor_dispose);
        _owned.Clear();
        if (_one != 0)
        {
            THSTorch_dispose_scalar(_one);
        }
    }

    private readonly record struct BlockWeights(
        nint Norm1Weight, nint Norm1Bias, nint QkvWeightT, nint QkvBias, nint ProjWeightT, nint ProjBias, nint Gamma1,
        nint Norm2Weight, nint Norm2Bias, nint Fc1WeightT, nint Fc1Bias, nint Fc2WeightT, nint Fc2Bias, nint Gamma2);
}
