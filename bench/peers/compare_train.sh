#!/usr/bin/env bash
# Times training throughput (forward, backward, optimizer step) of InitLab and torch back to back, model by model,
# and prints a markdown table with the ratio InitLab ÷ torch (samples/s).
# Usage: bench/peers/compare_train.sh [threads] [seconds]   (defaults: 2 threads, 3 s per measurement)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
threads="${1:-2}"
seconds="${2:-3}"
py=/usr/bin/python3
field() { $py -c "import json,sys; print(json.loads(sys.stdin.read())['$1'])"; }

echo "## Training throughput, $threads threads"
echo
echo "| model | batch | optimizer | InitLab samples/s | torch samples/s | InitLab ÷ torch |"
echo "|---|---:|---|---:|---:|---:|"
while read -r model batch opt; do
  ours=$("$root/initlab" bench train --model "$model" --batch "$batch" --opt "$opt" --threads "$threads" --seconds "$seconds" --json)
  theirs=$($py "$root/bench/peers/train.py" --model "$model" --batch "$batch" --opt "$opt" --threads "$threads" --seconds "$seconds" --json)
  o=$(echo "$ours" | field samples_per_sec); t=$(echo "$theirs" | field samples_per_sec)
  $py -c "print(f'| \`$model\` | $batch | $opt | {$o:.0f} | {$t:.0f} | {$o/$t:.2f}× |')"
done <<'MODELS'
mlp:784-256-128-100-10 128 sgd
mlp:784-256-128-100-10 128 adam
cnn:c32-p-c64-p-f128-10 128 sgd
cnn:c32-p-c64-p-f128-10 128 adam
MODELS
