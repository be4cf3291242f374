#!/usr/bin/env bash
# Times training throughput (forward, backward, optimizer step) of InitLab and torch back to back, model by model,
# and prints a markdown table with the ratio InitLab ÷ torch (samples/s). Each side runs three times, alternating
# (ours, torch, ours, torch, ...), and the medians are compared, so a burst of load on the shared host hits both.
# Usage: bench/peers/compare_train.sh [threads] [seconds]   (defaults: 2 threads, 2 s per measurement)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
threads="${1:-2}"
seconds="${2:-2}"
median() { $py -c "import sys; v = sorted(float(x) for x in sys.argv[1:]); print(v[len(v) // 2])" "$@"; }
py=/usr/bin/python3
field() { $py -c "import json,sys; print(json.loads(sys.stdin.read())['$1'])"; }

echo "## Training throughput, $threads threads"
echo
echo "| model | batch | optimizer | InitLab samples/s | torch samples/s | InitLab ÷ torch |"
echo "|---|---:|---|---:|---:|---:|"
while read -r model batch opt; do
  ours=(); theirs=()
  for _ in 1 2 3; do
    ours+=("$("$root/initlab" bench train --model "$model" --batch "$batch" --opt "$opt" --threads "$threads" --seconds "$seconds" --json | field samples_per_sec)")
    theirs+=("$($py "$root/bench/peers/train.py" --model "$model" --batch "$batch" --opt "$opt" --threads "$threads" --seconds "$seconds" --json | field samples_per_sec)")
  done
  o=$(median "${ours[@]}"); t=$(median "${theirs[@]}")
  $py -c "print(f'| \`$model\` | $batch | $opt | {$o:.0f} | {$t:.0f} | {$o/$t:.2f}× |')"
done <<'MODELS'
mlp:784-256-128-100-10 128 sgd
mlp:784-256-128-100-10 128 adam
cnn:c32-p-c64-p-f128-10 128 sgd
cnn:c32-p-c64-p-f128-10 128 adam
MODELS
