#!/usr/bin/python3
"""Times torch.mm (float32, BLAS) on the same shapes and thread count as `initlab bench gemm`.
C = op(A)·op(B) with op(A) m×k and op(B) k×n; --ta/--tb store A as k×m / B as n×k and pass a transposed view.
Run: /usr/bin/python3 bench/peers/gemm.py --m 1024 --n 1024 --k 1024 [--ta] [--tb] [--threads T] [--json]"""
import argparse, json, time
import torch


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--m", type=int, required=True)
    p.add_argument("--n", type=int, required=True)
    p.add_argument("--k", type=int, required=True)
    p.add_argument("--ta", action="store_true")
    p.add_argument("--tb", action="store_true")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seconds", type=float, default=1.0)
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    A = torch.rand(a.k, a.m).t() if a.ta else torch.rand(a.m, a.k)
    B = torch.rand(a.n, a.k).t() if a.tb else torch.rand(a.k, a.n)
    C = torch.empty(a.m, a.n)
    torch.mm(A, B, out=C)
    flops = 2.0 * a.m * a.n * a.k
    t = time.perf_counter()
    torch.mm(A, B, out=C)
    once = max(time.perf_counter() - t, 1e-7)
    repeats = max(5, min(1000, int(a.seconds / once)))
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        torch.mm(A, B, out=C)
        times.append(time.perf_counter() - t)
    times.sort()
    gflops = flops / times[len(times) // 2] / 1e9
    if a.json:
        print(json.dumps({"m": a.m, "n": a.n, "k": a.k, "threads": a.threads, "gflops": gflops}))
    else:
        print(f"torch.mm {a.m}x{a.k}x{a.n} on {a.threads} threads: {gflops:.1f} GFLOP/s")


if __name__ == "__main__":
    main()
