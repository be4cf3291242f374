#!/usr/bin/env bash
# Runs InitLab's SGEMM/conv benchmarks and the torch peers side by side and prints markdown tables with the ratios
# (InitLab ÷ torch for GFLOP/s; torch ÷ InitLab for milliseconds).
# The two sides alternate, shape by shape, for ROUNDS rounds and each keeps its best round, so a burst of load from
# other processes on this shared host penalizes neither side. "% of highest peak" divides InitLab's best GFLOP/s by the
# highest FMA peak any of its runs measured; "% of same-run peak" is the best of GFLOP/s ÷ peak_gflops within one
# `initlab bench gemm` process, which measures the peak itself before and after the multiply.
# Usage: bench/peers/compare_compute.sh [THREADS] [ROUNDS] [WHAT]   (defaults 2, 3 and all; WHAT = all, gemm or conv)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
threads="${1:-2}"; rounds="${2:-3}"; what="${3:-all}"
case "$what" in all|gemm|conv) ;; *) echo "compare_compute.sh: WHAT must be all, gemm or conv, not '$what'" >&2; exit 2;; esac
py=/usr/bin/python3
export OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads"   # torch's BLAS and OpenMP pools get the same thread count
"$root/initlab" --help >/dev/null   # build first, outside the timings
log="$(mktemp)"
# m k n ta tb: the square sizes, then the MLP training shapes (forward X·W, weight gradient Xᵀ·dY, input gradient dY·Wᵀ).
shapes='512 512 512 0 0
1024 1024 1024 0 0
2048 2048 2048 0 0
4096 4096 4096 0 0
1024 1024 1024 0 1
1024 1024 1024 1 0
128 784 256 0 0
784 128 256 1 0
128 256 784 0 1
128 256 128 0 0
256 128 128 1 0
128 128 256 0 1'
for ((r = 0; r < rounds; r++)); do
  [ "$what" = conv ] || while read -r m k n ta tb; do
    flags=(); pyflags=()
    [ "$ta" = 1 ] && { flags+=(--transpose-a); pyflags+=(--ta); }
    [ "$tb" = 1 ] && { flags+=(--transpose-b); pyflags+=(--tb); }
    tag="\"peer\":\"%s\",\"ta\":$ta,\"tb\":$tb,"
    "$root/initlab" bench gemm --m "$m" --n "$n" --k "$k" --threads "$threads" --json "${flags[@]}" | sed "s/^{/{$(printf "$tag" initlab)/" >>"$log"
    $py "$root/bench/peers/gemm.py" --m "$m" --n "$n" --k "$k" --threads "$threads" --json "${pyflags[@]}" | sed "s/^{/{$(printf "$tag" torch)/" >>"$log"
  done <<<"$shapes"
  [ "$what" = gemm ] && continue
  "$root/initlab" bench conv --threads "$threads" --json | sed 's/^{/{"peer":"initlab-conv",/' >>"$log"
  $py "$root/bench/peers/conv.py" --threads "$threads" --json | sed 's/^{/{"peer":"torch-conv",/' >>"$log"
done
$py - "$log" "$threads" "$rounds" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
threads, rounds = sys.argv[2], sys.argv[3]
gemm = [r for r in rows if r["peer"] in ("initlab", "torch")]
conv = {p: [r for r in rows if r["peer"] == p] for p in ("initlab-conv", "torch-conv")}
if gemm:
    peak = max(r["peak_gflops"] for r in gemm if r["peer"] == "initlab")
    def same(peer, r0):
        return [x for x in gemm if x["peer"] == peer and all(x[k] == r0[k] for k in ("m", "n", "k", "ta", "tb"))]
    def best(peer, r0):
        return max(x["gflops"] for x in same(peer, r0))
    def own(r0):  # the issue's definition: GFLOP/s over the peak measured in the same process (best round)
        return max(x["gflops"] / x["peak_gflops"] for x in same("initlab", r0))
    print(f"## SGEMM, {threads} threads (best of {rounds} alternating rounds; highest FMA peak measured: {peak:.1f} GFLOP/s)\n")
    print("| shape (m×k×n) | op | InitLab GFLOP/s | % of highest peak | % of same-run peak | torch.mm GFLOP/s | InitLab ÷ torch |")
    print("|---|---|---:|---:|---:|---:|---:|")
    seen = set()
    for r in gemm:
        key = (r["m"], r["k"], r["n"], r["ta"], r["tb"])
        if key in seen:
            continue
        seen.add(key)
        op = "Aᵀ·B" if r["ta"] else "A·Bᵀ" if r["tb"] else "A·B"
        ours, theirs = best("initlab", r), best("torch", r)
        print(f"| {r['m']}×{r['k']}×{r['n']} | {op} | {ours:.1f} | {100 * ours / peak:.0f}% | {100 * own(r):.0f}% | {theirs:.1f} | {ours / theirs:.2f}× |")
    print()
if conv["initlab-conv"]:
    def fastest(peer, name):
        return min(l["ms"] for r in conv[peer] for l in r["layers"] if l["name"] == name)
    names = [l["name"] for l in conv["initlab-conv"][0]["layers"]]
    print(f"## Convolution forward+backward, batch 128, {threads} threads (best of {rounds} alternating rounds)\n")
    print("| layer | InitLab ms | torch ms | torch ÷ InitLab |")
    print("|---|---:|---:|---:|")
    for name in names:
        a, b = fastest("initlab-conv", name), fastest("torch-conv", name)
        print(f"| {name} | {a:.2f} | {b:.2f} | {b / a:.2f}× |")
    a = min(r["total_ms"] for r in conv["initlab-conv"]); b = min(r["total_ms"] for r in conv["torch-conv"])
    print(f"| total | {a:.2f} | {b:.2f} | {b / a:.2f}× |")
PY
rm -f "$log"
