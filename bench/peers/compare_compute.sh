#!/usr/bin/env bash
# Runs InitLab's SGEMM/conv benchmarks and the torch peers back to back, shape by shape, and prints
# markdown tables with the ratios (InitLab ÷ torch for GFLOP/s; torch ÷ InitLab for milliseconds).
# Usage: bench/peers/compare_compute.sh [threads]   (default 2)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
threads="${1:-2}"
py=/usr/bin/python3
field() { $py -c "import json,sys; print(json.loads(sys.stdin.read())['$1'])"; }

echo "## SGEMM, $threads threads"
echo
echo "| shape (m×k×n) | op | InitLab GFLOP/s | FMA peak GFLOP/s | % of peak | torch.mm GFLOP/s | InitLab ÷ torch |"
echo "|---|---|---:|---:|---:|---:|---:|"
# m k n ta tb: the square sizes, then the MLP training shapes (forward, weight gradient Xᵀ·dY, input gradient dY·Wᵀ).
while read -r m k n ta tb; do
  flags=(); pyflags=(); op="A·B"
  [ "$ta" = 1 ] && { flags+=(--transpose-a); pyflags+=(--ta); op="Aᵀ·B"; }
  [ "$tb" = 1 ] && { flags+=(--transpose-b); pyflags+=(--tb); op="A·Bᵀ"; }
  ours=$("$root/initlab" bench gemm --m "$m" --n "$n" --k "$k" --threads "$threads" --json "${flags[@]}")
  theirs=$($py "$root/bench/peers/gemm.py" --m "$m" --n "$n" --k "$k" --threads "$threads" --json "${pyflags[@]}")
  g=$(echo "$ours" | field gflops); p=$(echo "$ours" | field peak_gflops); t=$(echo "$theirs" | field gflops)
  $py -c "print(f'| $m×$k×$n | $op | {$g:.1f} | {$p:.1f} | {100*$g/$p:.0f}% | {$t:.1f} | {$g/$t:.2f}× |')"
done <<'SHAPES'
512 512 512 0 0
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
128 128 256 0 1
SHAPES

echo
echo "## Convolution forward+backward, batch 128, $threads threads"
echo
ours=$("$root/initlab" bench conv --threads "$threads" --json)
theirs=$($py "$root/bench/peers/conv.py" --threads "$threads" --json)
$py - "$ours" "$theirs" <<'PY'
import json, sys
ours, theirs = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print("| layer | InitLab ms | torch ms | torch ÷ InitLab |")
print("|---|---:|---:|---:|")
for a, b in zip(ours["layers"], theirs["layers"]):
    print(f"| {a['name']} | {a['ms']:.2f} | {b['ms']:.2f} | {b['ms'] / a['ms']:.2f}× |")
print(f"| total | {ours['total_ms']:.2f} | {theirs['total_ms']:.2f} | {theirs['total_ms'] / ours['total_ms']:.2f}× |")
PY
