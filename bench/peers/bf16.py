"""bfloat16 reference numbers from torch 1.13 for tests/InitLab.Tests/Compute/Bf16RoundingTests.cs and
tests/InitLab.Tests/Autograd/MixedPrecisionTests.cs.

Run: /usr/bin/python3 bench/peers/bf16.py
Prints C# array literals:
  * Rounding: float32 bit patterns and the bits of torch.tensor(x).bfloat16() for each;
  * Linear: the bits of F.linear(x.bfloat16(), w.bfloat16(), b.bfloat16()) for the operands made by Operand() below
    (integer formulas divided in float32, so C# builds the same floats exactly).
"""
import struct

import numpy as np
import torch


def bits(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


def torch_bf16_bits(patterns):
    f = np.array(patterns, dtype=np.uint32).view(np.float32)
    b = torch.from_numpy(f.copy()).bfloat16()
    return b.view(torch.int16).numpy().astype(np.uint16).tolist()


def operand(rows, cols, a, b, modulus, divisor):
    i = np.arange(rows, dtype=np.int64)[:, None]
    p = np.arange(cols, dtype=np.int64)[None, :]
    return ((i * a + p * b) % modulus - modulus // 2).astype(np.float32) / np.float32(divisor)


def main():
    rng = np.random.default_rng(12)
    patterns = [
        0x3F800000,  # 1
        0x3F808000,  # 1 + 2^-8: tie, the even neighbour is 1
        0x3F818000,  # 1 + 3·2^-8: tie, the even neighbour is above
        0x3F808001,  # just above the tie: up
        0x3F807FFF,  # just below the tie: down
        0xBF808000,  # −(1 + 2^-8): tie to even, negative
        0xBF818000,
        0x00000000, 0x80000000,  # ±0
        0x00000001, 0x00008000, 0x00018000, 0x007FFFFF,  # subnormals, ties among them
        0x00800000,  # smallest normal
        0x7F7F7FFF,  # below the tie under the largest bfloat16: stays finite
        0x7F7F8000,  # tie at the top: rounds to +∞
        0x7F7FFFFF,  # largest float: +∞
        0xFF7FFFFF,  # −∞
        0x7F800000, 0xFF800000,  # ±∞
        0x7FC00000, 0xFFC00000, 0x7F800001, 0x7FBFFFFF, 0x7FC0FFFF,  # NaNs: quiet, negative, signalling
        0x40490FDB,  # π
        0x3DCCCCCD,  # 0.1
    ]
    patterns += [int(v) for v in rng.integers(0, 2**32, size=24, dtype=np.uint64)]
    print("// Rounding: float32 bits")
    print("[" + ", ".join(f"0x{p:08X}" for p in patterns) + "]")
    print("// torch.tensor(x).bfloat16() bits")
    print("[" + ", ".join(f"0x{b:04X}" for b in torch_bf16_bits(patterns)) + "]")

    m, n, k = 7, 19, 300
    x = operand(m, k, 131, 71, 199, 61)
    w = operand(n, k, 37, 113, 211, 997)
    b = operand(1, n, 0, 29, 101, 73)[0]
    y = torch.nn.functional.linear(torch.from_numpy(x).bfloat16(), torch.from_numpy(w).bfloat16(), torch.from_numpy(b).bfloat16())
    print(f"// Linear {m}x{k} by ({n}x{k})^T + bias: torch bf16 output bits, row-major")
    print("[" + ", ".join(f"0x{v:04X}" for v in y.view(torch.int16).numpy().astype(np.uint16).ravel().tolist()) + "]")


if __name__ == "__main__":
    torch.manual_seed(0)
    main()
