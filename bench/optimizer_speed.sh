#!/usr/bin/env bash
# The optimizers' cost in training throughput: `initlab bench train` with each optimizer, paired (A B A B ...) by farm-bench
# against SGD (momentum 0.9) or Adam on the same model, one thread. Prints each one's median images/s and the paired ratio.
#   bench/optimizer_speed.sh [MODEL] [RUNS]      (default mlp:784-256-128-100-10, 5 runs)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="${1:-mlp:784-256-128-100-10}"
runs="${2:-5}"
"$root/initlab" bench train --help >/dev/null   # build once, outside the timings
dll="$root/artifacts/cli/InitLab.Cli.dll"
out="$(mktemp -d)"
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
rate() { grep -o '"samples_per_sec":[0-9.eE+-]*' "$1" | tail -n +2 | sed 's/.*://'; }   # the warm-up run's line is dropped
pair() {  # pair NEW BASELINE
  local a="$out/a.$1" b="$out/b.$1.$2"
  farm-bench -n "$runs" --timeout 900 \
    --vs "sh -c 'exec dotnet $dll bench train --model $model --threads 1 --seconds 2 --json --opt $2 >>$b 2>&1'" \
    -- sh -c "exec dotnet $dll bench train --model $model --threads 1 --seconds 2 --json --opt $1 >>$a 2>&1" >/dev/null
  local ratios new base
  ratios=$(paste <(rate "$a") <(rate "$b") | awk '{printf "%.4f\n", $1/$2}' | sort -g)
  new=$(rate "$a" | median); base=$(rate "$b" | median)
  printf "%-34s %6.0f img/s   %-4s %6.0f img/s   paired ratio median %.3f (min %.3f, max %.3f)\n" "$1" "$new" "$2" "$base" \
    "$(echo "$ratios" | median)" "$(echo "$ratios" | head -1)" "$(echo "$ratios" | tail -1)"
}
if [ -n "${PAIRS:-}" ]; then   # e.g. PAIRS="nadam/adam sgd:gc=true/sgd" bench/optimizer_speed.sh
  for p in $PAIRS; do pair "${p%/*}" "${p##*/}"; done
else
  for o in rmsprop rmsprop:momentum=0.9 rmsprop:centered=true,momentum=0.9 adagrad radam nadam lamb ranger adam:lookahead=5 adam:gc=true; do pair "$o" adam; done
  for o in sgd:gc=true sgd:decoupled=true sgd:lookahead=5; do pair "$o" sgd; done
fi
rm -rf "$out"
