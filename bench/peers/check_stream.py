#!/usr/bin/python3
"""Reproduces InitLab's float32 uniform stream from docs/random.md in NumPy and compares it bit for bit
with `initlab init uniform --out`. Run: /usr/bin/python3 bench/peers/check_stream.py"""
import os, subprocess, sys, tempfile
import numpy as np

M0, M1, W0, W1 = 0xD2511F53, 0xCD9E8D57, 0x9E3779B9, 0xBB67AE85
MASK32, MASK64 = 0xFFFFFFFF, 0xFFFFFFFFFFFFFFFF


def philox(c, k0, k1):
    c = c.copy()
    for _ in range(10):
        p0, p1 = np.uint64(M0) * c[:, 0], np.uint64(M1) * c[:, 2]
        c = np.stack([(p1 >> np.uint64(32)) ^ c[:, 1] ^ np.uint64(k0), p1 & np.uint64(MASK32),
                      (p0 >> np.uint64(32)) ^ c[:, 3] ^ np.uint64(k1), p0 & np.uint64(MASK32)], 1)
        k0, k1 = (k0 + W0) & MASK32, (k1 + W1) & MASK32
    return c


def name_hash(name):
    h = 0xCBF29CE484222325
    for b in name.encode():
        h = ((h ^ b) * 0x100000001B3) & MASK64
    h = ((h ^ (h >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    h = ((h ^ (h >> 27)) * 0x94D049BB133111EB) & MASK64
    return h ^ (h >> 31)


def uniform_f32(seed, name, n, low=0.0, high=1.0):
    H = name_hash(name)
    blocks = -(-n // 64) * 16
    b = np.arange(blocks, dtype=np.uint64)
    c = np.stack([b & np.uint64(MASK32), b >> np.uint64(32),
                  np.full_like(b, H & MASK32), np.full_like(b, H >> 32)], 1)
    words = philox(c, seed & MASK32, seed >> 32).reshape(-1, 16, 4).transpose(0, 2, 1).reshape(-1)[:n]
    u = (words >> np.uint64(8)).astype(np.float32) * np.float32(2.0 ** -24)
    lo, hi = np.float32(low), np.float32(high)
    return np.minimum(np.maximum(lo + (hi - lo) * u, lo), np.nextafter(hi, lo))


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    cases = [(0, "weight", 1000, 0.0, 1.0), (42, "layers.3.weight", 4097, -0.5, 2.0), (2**64 - 1, "", 333, -1.0, 1.0)]
    with tempfile.TemporaryDirectory() as tmp:
        for seed, name, n, low, high in cases:
            path = os.path.join(tmp, "u.npy")
            subprocess.run([os.path.join(root, "initlab"), "init", "uniform", "--shape", str(n), "--seed", str(seed),
                            "--name", name, "--low", str(low), "--high", str(high), "--out", path], check=True, stdout=subprocess.DEVNULL)
            ours = np.load(path)
            theirs = uniform_f32(seed, name, n, low, high)
            same = np.array_equal(ours.view(np.uint32), theirs.view(np.uint32))
            print(f"seed={seed} name={name!r} n={n} [{low}, {high}): {'bit-identical' if same else 'DIFFERENT'}")
            if not same:
                sys.exit(1)


if __name__ == "__main__":
    main()
