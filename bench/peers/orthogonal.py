#!/usr/bin/python3
"""Times torch.nn.init.orthogonal_ (float32) and `initlab bench orthogonal` side by side, in one run.

Both sides draw one n×n orthogonal matrix (Gaussian, Householder QR, sign fix) and report the median of
several repetitions after a warm-up. Run from the repository root:

    /usr/bin/python3 bench/peers/orthogonal.py [--sizes 512,1024,2048] [--repeats 5] [--threads n] [--json]
"""
import argparse, json, os, statistics, subprocess, sys, time

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def torch_ms(n, repeats):
    w = torch.empty(n, n)
    torch.nn.init.orthogonal_(w)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        torch.nn.init.orthogonal_(w)
        times.append(1000 * (time.perf_counter() - start))
    return statistics.median(times)


def initlab_ms(n, repeats, threads):
    out = subprocess.run([os.path.join(ROOT, "initlab"), "bench", "orthogonal", "--size", str(n), "--repeats", str(repeats),
                          "--threads", str(threads), "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])["ms"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="512,1024,2048")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=0, help="initlab worker threads (0 = every logical processor)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    subprocess.run([os.path.join(ROOT, "initlab"), "list", "--json"], check=True, capture_output=True)  # build once, outside the timing
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        t, i = torch_ms(n, args.repeats), initlab_ms(n, args.repeats, args.threads)
        rows.append({"n": n, "torch_ms": round(t, 1), "initlab_ms": round(i, 1), "ratio": round(i / t, 3)})
    if args.json:
        print(json.dumps({"torch": torch.__version__, "torch_threads": torch.get_num_threads(), "initlab_threads": args.threads or os.cpu_count(), "rows": rows}))
        return
    print(f"torch {torch.__version__} (ATen threads {torch.get_num_threads()}; LAPACK from OpenBLAS) vs initlab "
          f"({args.threads or os.cpu_count()} threads), float32, median of {args.repeats}")
    print(f"{'n':>6} {'torch ms':>10} {'initlab ms':>11} {'ratio':>7}")
    for r in rows:
        print(f"{r['n']:>6} {r['torch_ms']:>10.1f} {r['initlab_ms']:>11.1f} {r['ratio']:>7.3f}")


if __name__ == "__main__":
    sys.exit(main())
