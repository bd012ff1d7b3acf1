#!/usr/bin/python3
"""Independent reference for the Sparsh preprocessing parity tests (run once, outputs committed).

Written from the Sparsh reference (compute_diff in int32 with uint8 truncation, then rotate/crop, ToTensor, and
torchvision-style antialiased bilinear resize = torch.nn.functional.interpolate(bilinear, antialias=True)).
Uses numpy + torch 1.13 + PIL only; the C# side decodes the same inputs with OpenCV.

Usage: /usr/bin/python3 make_fixtures.py <path to digit_background_240x320.jpg>
Outputs (beside this script):
  contact_digit_320x240.png      synthetic DIGIT contact frame, RGB, 320 high x 240 wide
  frame_gelsight2017_480x640.png synthetic GelSight 2017 frame, RGB, 480 high x 640 wide (landscape)
  expected_digit_320x240.png     uint8 background-subtracted diff (the 320x240 resize is the identity)
  expected_digit_224x224.u16.gz  float output (3,224,224) as round(v*65535) little-endian uint16, gzip
  expected_gelsight2017_320x240.u16.gz  float output (3,320,240), same encoding
"""
import gzip
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))


def compute_diff(img, bg, offset=0.5):
    diff = np.clip((img.astype(np.int32) - bg.astype(np.int32)) / 255.0 + offset, 0.0, 1.0)
    return (diff * 255).astype(np.uint8)  # truncation, as the reference


def to_portrait_4x3(img):
    h, w = img.shape[:2]
    if h < w:
        img = np.rot90(img, k=-1)  # 90 degrees clockwise
        h, w = img.shape[:2]
    if h * 3 != w * 4:
        rows = int(h * 3 / 4)
        top = (h - rows) // 2
        img = img[top:top + rows]
    return np.ascontiguousarray(img)


def to_tensor_resized(img_u8, size):
    t = torch.from_numpy(img_u8).permute(2, 0, 1).float().div(255.0)  # ToTensor
    if tuple(t.shape[1:]) != tuple(size):
        t = F.interpolate(t[None], size=size, mode="bilinear", align_corners=False, antialias=True)[0]
    return t


def synthetic(h, w, seed_phase, blob=True):
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    base = np.stack([
        120 + 40 * (x / w) + 10 * np.sin(2 * np.pi * y / 37.0 + seed_phase),
        140 - 30 * (y / h) + 12 * np.sin(2 * np.pi * (x + y) / 5.3),   # near-Nyquist texture: antialiasing matters
        110 + 25 * np.cos(2 * np.pi * x / 23.0) * np.sin(2 * np.pi * y / 41.0),
    ], axis=-1)
    if blob:
        cy, cx, r = h * 0.45, w * 0.55, min(h, w) * 0.18
        d2 = ((y - cy) ** 2 + (x - cx) ** 2) / r ** 2
        ring = np.exp(-((np.sqrt(d2) - 1.0) ** 2) / 0.02)
        base += np.stack([-70 * ring + 60 * np.exp(-d2), -40 * ring + 90 * np.exp(-d2), 30 * ring - 80 * np.exp(-d2)], axis=-1)
    return np.clip(np.rint(base), 0, 255).astype(np.uint8)


def save_u16(path, t):
    q = np.rint(t.numpy().astype(np.float64) * 65535.0).clip(0, 65535).astype("<u2")
    with gzip.GzipFile(path, "wb", mtime=0) as f:
        f.write(q.tobytes())


def main():
    bg = np.asarray(Image.open(sys.argv[1]).convert("RGB"))
    assert bg.shape == (320, 240, 3), bg.shape

    contact = synthetic(320, 240, 0.3)
    Image.fromarray(contact).save(os.path.join(HERE, "contact_digit_320x240.png"))
    diff = compute_diff(contact, bg)
    geo = to_portrait_4x3(diff)
    Image.fromarray(geo).save(os.path.join(HERE, "expected_digit_320x240.png"))
    assert torch.equal(to_tensor_resized(geo, (320, 240)), torch.from_numpy(geo).permute(2, 0, 1).float() / 255)
    save_u16(os.path.join(HERE, "expected_digit_224x224.u16.gz"), to_tensor_resized(geo, (224, 224)))

    gs = synthetic(480, 640, 1.1)
    Image.fromarray(gs).save(os.path.join(HERE, "frame_gelsight2017_480x640.png"))
    save_u16(os.path.join(HERE, "expected_gelsight2017_320x240.u16.gz"), to_tensor_resized(to_portrait_4x3(gs), (320, 240)))


if __name__ == "__main__":
    main()
