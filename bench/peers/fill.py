#!/usr/bin/python3
"""Times PyTorch's and NumPy's fills on the same count and thread count as `initlab bench fill`.
Prints one JSON object per line: {"peer", "dist", "count", "threads", "melem_per_sec", "gb_per_sec"}.
Usage: /usr/bin/python3 bench/peers/fill.py --count 67108864 --threads 2"""
import argparse, json, time
import numpy as np
import torch


def median_seconds(fn, repeats):
    fn()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    times.sort()
    return times[len(times) // 2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=64 << 20)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=5)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    x = torch.empty(a.count, dtype=torch.float32)
    gen = np.random.default_rng(0)
    out = np.empty(a.count, dtype=np.float32)
    cases = [
        ("torch", "uniform", lambda: x.uniform_(0, 1)),
        ("torch", "normal", lambda: x.normal_(0, 1)),
        ("torch", "truncated-normal", lambda: torch.nn.init.trunc_normal_(x, 0.0, 1.0, -2.0, 2.0)),
        ("torch", "constant", lambda: x.fill_(0.5)),
        ("numpy", "uniform", lambda: gen.random(a.count, dtype=np.float32, out=out)),
        ("numpy", "normal", lambda: gen.standard_normal(a.count, dtype=np.float32, out=out)),
    ]
    for peer, dist, fn in cases:
        s = median_seconds(fn, a.repeats)
        print(json.dumps({"peer": peer, "dist": dist, "count": a.count, "threads": a.threads,
                          "melem_per_sec": a.count / s / 1e6, "gb_per_sec": a.count * 4 / s / 1e9}))


if __name__ == "__main__":
    main()
