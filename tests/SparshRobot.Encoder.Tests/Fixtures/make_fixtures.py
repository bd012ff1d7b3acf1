#!/usr/bin/python3
"""Reference fixtures for SparshRobot.Encoder tests.

Run once with Debian's python3-torch (torch 1.13) from this folder:  /usr/bin/python3 make_fixtures.py
It holds an independent PyTorch implementation of the Sparsh ViT and attentive pooler written from the upstream
sources (facebookresearch/sparsh: tactile_ssl/model/vision_transformer.py, tactile_ssl/model/layers/,
tactile_ssl/downstream_task/attentive_pooler.py), random weights, and writes:
  vit_tiny.safetensors      flat backbone keys, 6-channel image mode (D=48, depth 2, 3 heads, 1 register)
  vit_tiny_input.npy        uint8 (1, 6, 320, 240); the encoder input is this / 255
  vit_tiny_output.npy       float32 (1, 300, 48) normalized patch tokens
  vit_tiny_small_input.npy  uint8 (2, 6, 64, 48) and vit_tiny_small_output.npy (2, 12, 48): batch 2, another grid
  vjepa_tiny.safetensors    3 channels, 4 frames, tubelet 2 (Conv3d), 1 register
  vjepa_tiny_input.npy      uint8 (1, 3, 4, 64, 48); vjepa_tiny_output.npy float32 (1, 24, 48)
  pos2d_d50.npy / pos3d_d50.npy  sinusoidal tables (truncation case D=50), grids 20x15 and 2x20x15
  pooler_tiny.safetensors   attentive pooler (D=48, 3 heads) + T1 force probe; pooler_tokens.npy (2, 300, 48),
                            pooler_output.npy (2, 48), force_output.npy (2, 3)
  ckpt_{dino,dinov2,ijepa,vjepa,mae}_micro.ckpt  torch.save'd Lightning-style dicts in the released key layout
                            (micro backbone D=16, depth 1, 2 heads) and ckpt_micro_backbones.safetensors with the
                            expected backbone of each, keyed "<family>/<backbone key>".
The safetensors module is not available on Debian, so the format is written by hand.
"""
import collections
import json
import math
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(20241024)
np.random.seed(20241024)


# ----------------------------------------------------------------------------------------------------------------
# Reference model (independent of the C# port)
# ----------------------------------------------------------------------------------------------------------------

def sincos_table(dim, grid):
    """Fixed sinusoid over integer patch coordinates: [sin a0, cos a0, sin a1, cos a1, ...], truncated to dim."""
    ndim = len(grid)
    nb = math.ceil(dim / (2 * ndim))
    freqs = 10000.0 ** (-np.arange(nb, dtype=np.float64) / nb)
    coords = np.meshgrid(*[np.arange(n, dtype=np.float64) for n in grid], indexing="ij")
    parts = []
    for c in coords:
        angle = c.reshape(-1, 1) * freqs.reshape(1, -1)
        parts += [np.sin(angle), np.cos(angle)]
    return np.concatenate(parts, axis=1)[:, :dim].astype(np.float32)


class SinusoidalEmbed(nn.Module):
    def __init__(self, dim, ndim):
        super().__init__()
        nb = math.ceil(dim / (2 * ndim))
        bands = 10000.0 ** (-torch.arange(nb, dtype=torch.float64) / nb)
        self.register_buffer("frequency_bands", bands.float().repeat(ndim, 1))
        self.dim = dim

    def forward(self, grid):
        return torch.from_numpy(sincos_table(self.dim, grid))


class PatchEmbed(nn.Module):
    def __init__(self, in_chans, dim, tubelet=None):
        super().__init__()
        if tubelet is None:
            self.proj = nn.Conv2d(in_chans, dim, kernel_size=16, stride=16)
        else:
            self.proj = nn.Conv3d(in_chans, dim, kernel_size=(tubelet, 16, 16), stride=(tubelet, 16, 16))

    def forward(self, x):
        x = self.proj(x)
        grid = tuple(x.shape[2:])
        return x.flatten(2).transpose(1, 2), grid


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, n, c = x.shape
        hd = c // self.heads
        qkv = self.qkv(x).reshape(b, n, 3, self.heads, hd).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        att = (q * hd ** -0.5) @ k.transpose(-2, -1)
        att = att.softmax(dim=-1)
        out = (att @ v).transpose(1, 2).reshape(b, n, c)
        return self.proj(out)


class Mlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))  # exact erf GELU


class LayerScale(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.gamma = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return x * self.gamma


class Block(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, heads)
        self.ls1 = LayerScale(dim)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = Mlp(dim, 4 * dim)
        self.ls2 = LayerScale(dim)

    def forward(self, x):
        x = x + self.ls1(self.attn(self.norm1(x)))
        return x + self.ls2(self.mlp(self.norm2(x)))


class SparshViT(nn.Module):
    def __init__(self, dim, depth, heads, registers, in_chans=6, tubelet=None):
        super().__init__()
        self.patch_embed = PatchEmbed(in_chans, dim, tubelet)
        self.pos_embed = SinusoidalEmbed(dim, 2 if tubelet is None else 3)
        self.registers = registers
        if registers > 0:
            self.register_tokens = nn.Parameter(torch.zeros(1, registers, dim))
        self.blocks = nn.ModuleList([Block(dim, heads) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim, eps=1e-6)

    def forward(self, x):
        x, grid = self.patch_embed(x)
        x = x + self.pos_embed(grid).unsqueeze(0)
        if self.registers > 0:
            x = torch.cat([self.register_tokens.expand(x.shape[0], -1, -1), x], dim=1)
        for blk in self.blocks:
            x = blk(x)
        return self.norm(x)[:, self.registers:]


class CrossAttention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.q = nn.Linear(dim, dim)
        self.kv = nn.Linear(dim, 2 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, q, x):
        b, n, c = x.shape
        hd = c // self.heads
        qh = self.q(q).reshape(b, q.shape[1], self.heads, hd).permute(0, 2, 1, 3)
        kv = self.kv(x).reshape(b, n, 2, self.heads, hd).permute(2, 0, 3, 1, 4)
        att = ((qh * hd ** -0.5) @ kv[0].transpose(-2, -1)).softmax(dim=-1)
        out = (att @ kv[1]).transpose(1, 2).reshape(b, q.shape[1], c)
        return self.proj(out)


class CrossAttentionBlock(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)  # eps 1e-5, unlike the encoder
        self.xattn = CrossAttention(dim, heads)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = Mlp(dim, 4 * dim)

    def forward(self, q, x):
        q = q + self.xattn(q, self.norm1(x))
        return q + self.mlp(self.norm2(q))


class AttentivePooler(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.query_tokens = nn.Parameter(torch.zeros(1, 1, dim))
        self.cross_attention_block = CrossAttentionBlock(dim, heads)

    def forward(self, x):
        q = self.query_tokens.repeat(x.shape[0], 1, 1)
        return self.cross_attention_block(q, x).squeeze(1)


class ForceProbe(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.pooler = AttentivePooler(dim, heads)
        self.probe = nn.Sequential(nn.Linear(dim, dim // 4), nn.ReLU(), nn.Linear(dim // 4, 3))

    def forward(self, x):
        y = self.probe(self.pooler(x))
        return torch.cat([torch.tanh(y[:, :2]), torch.sigmoid(y[:, 2:])], dim=1)


# ----------------------------------------------------------------------------------------------------------------
# Writers
# ----------------------------------------------------------------------------------------------------------------

def randomize(module, scale=0.1):
    with torch.no_grad():
        for name, p in module.named_parameters():
            if name.endswith("norm1.weight") or name.endswith("norm2.weight") or name == "norm.weight":
                p.copy_(1.0 + scale * torch.randn_like(p))
            elif name.endswith("gamma"):
                p.copy_(0.5 + 0.5 * torch.rand_like(p))
            else:
                p.copy_(scale * torch.randn_like(p))


def save_safetensors(path, tensors, metadata=None):
    header = {}
    offset = 0
    blobs = []
    for name, t in tensors.items():
        a = t.detach().contiguous().numpy().astype("<f4")
        raw = a.tobytes()
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)


def encode(model, x_uint8):
    with torch.no_grad():
        return model(torch.from_numpy(x_uint8).float() / 255.0).numpy()


def main():
    # 2D image mode, the parity fixture.
    vit = SparshViT(48, 2, 3, registers=1)
    randomize(vit)
    vit.eval()
    save_safetensors("vit_tiny.safetensors", vit.state_dict(), {"num_heads": "3"})
    x = np.random.randint(0, 256, size=(1, 6, 320, 240), dtype=np.uint8)
    np.save("vit_tiny_input.npy", x)
    np.save("vit_tiny_output.npy", encode(vit, x))
    xs = np.random.randint(0, 256, size=(2, 6, 64, 48), dtype=np.uint8)
    np.save("vit_tiny_small_input.npy", xs)
    np.save("vit_tiny_small_output.npy", encode(vit, xs))

    # V-JEPA video mode.
    vj = SparshViT(48, 2, 3, registers=1, in_chans=3, tubelet=2)
    randomize(vj)
    vj.eval()
    save_safetensors("vjepa_tiny.safetensors", vj.state_dict(), {"num_heads": "3"})
    xv = np.random.randint(0, 256, size=(1, 3, 4, 64, 48), dtype=np.uint8)
    np.save("vjepa_tiny_input.npy", xv)
    np.save("vjepa_tiny_output.npy", encode(vj, xv))

    np.save("pos2d_d50.npy", sincos_table(50, (20, 15)))
    np.save("pos3d_d50.npy", sincos_table(50, (2, 20, 15)))

    # Attentive pooler + T1 force probe.
    probe = ForceProbe(48, 3)
    randomize(probe, scale=0.2)
    probe.eval()
    save_safetensors("pooler_tiny.safetensors", probe.state_dict(), {"num_heads": "3"})
    tokens = np.random.randn(2, 300, 48).astype(np.float32)
    np.save("pooler_tokens.npy", tokens)
    with torch.no_grad():
        t = torch.from_numpy(tokens)
        np.save("pooler_output.npy", probe.pooler(t).numpy())
        np.save("force_output.npy", probe(t).numpy())

    # Lightning-style .ckpt files in the released key layout, one per family, micro backbone.
    def micro(in_chans=6, tubelet=None, registers=1):
        m = SparshViT(16, 1, 2, registers=registers, in_chans=in_chans, tubelet=tubelet)
        randomize(m)
        return m.state_dict()

    expected = {}

    def lightning(model_state):
        return {"model": model_state, "optim": {"state": {}, "param_groups": [{"lr": 1e-4, "params": [0, 1]}]},
                "scheduler": {}, "wd_scheduler": {}, "global_step": 1234, "current_epoch": 7}

    def prefixed(prefix, state):
        return collections.OrderedDict((prefix + k, v) for k, v in state.items())

    for family in ("dino", "dinov2"):
        teacher, student = micro(), micro()
        state = collections.OrderedDict()
        state.update(prefixed("student_encoder.backbone.", student))
        state.update(prefixed("teacher_encoder.backbone.", teacher))
        state["student_encoder.dino_head.mlp.0.weight"] = torch.randn(8, 16)
        state["teacher_encoder.dino_head.mlp.0.weight"] = torch.randn(8, 16)
        state["online_probes.0.weight"] = torch.randn(3, 16)
        torch.save(lightning(state), f"ckpt_{family}_micro.ckpt")
        expected.update(prefixed(family + "/", teacher))

    target, context = micro(), micro()
    state = prefixed("context_encoder.", context)
    state.update(prefixed("target_encoder.", target))
    state["predictor.predictor_embed.weight"] = torch.randn(8, 16)
    torch.save(lightning(state), "ckpt_ijepa_micro.ckpt")
    expected.update(prefixed("ijepa/", target))

    target = micro(in_chans=3, tubelet=2)
    state = prefixed("target_encoder.backbone.", target)
    state["context_encoder.backbone.norm.weight"] = torch.randn(16)
    state["predictor.mask_tokens.0"] = torch.randn(1, 1, 8)
    torch.save(lightning(state), "ckpt_vjepa_micro.ckpt")
    expected.update(prefixed("vjepa/", target))

    enc = micro(registers=0)
    state = prefixed("encoder.", enc)
    state["decoder.decoder_embed.weight"] = torch.randn(8, 16)
    state["decoder.mask_token"] = torch.randn(1, 1, 8)
    torch.save(lightning(state), "ckpt_mae_micro.ckpt")
    expected.update(prefixed("mae/", enc))

    save_safetensors("ckpt_micro_backbones.safetensors", expected)


if __name__ == "__main__":
    main()
