#!/usr/bin/env bash
# Runs InitLab's and PyTorch's/NumPy's fills back to back in one go and prints the ratios.
# The two sides alternate for ROUNDS rounds and each keeps its best round, so a burst of load
# from other processes on this shared host penalizes neither side.
# Usage: bench/peers/compare_fill.sh [COUNT] [THREADS] [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
count="${1:-67108864}"; threads="${2:-2}"; rounds="${3:-3}"
"$root/initlab" --help >/dev/null   # build first, outside the timings
log="$(mktemp)"
for ((r = 0; r < rounds; r++)); do
  /usr/bin/python3 "$root/bench/peers/fill.py" --count "$count" --threads "$threads" >>"$log"
  for dist in uniform normal truncated-normal; do
    "$root/initlab" bench fill --dist "$dist" --count "$count" --threads "$threads" --json | sed 's/^{/{"peer":"initlab",/' >>"$log"
  done
done
/usr/bin/python3 - "$log" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
def best(peer, dist, key="melem_per_sec"):
    r = [x for x in rows if x["peer"] == peer and x["dist"] == dist]
    return max(r, key=lambda x: x[key]) if r else None
print("| distribution | InitLab M elem/s | torch M elem/s | numpy M elem/s | InitLab / torch | InitLab GB/s | % of constant-fill ceiling |")
print("|---|---|---|---|---|---|---|")
for dist in ["uniform", "normal", "truncated-normal"]:
    o, t, n = best("initlab", dist), best("torch", dist), best("numpy", dist)
    print(f"| {dist} | {o['melem_per_sec']:.0f} | {t['melem_per_sec']:.0f} | {'%.0f' % n['melem_per_sec'] if n else '—'} | "
          f"**{o['melem_per_sec'] / t['melem_per_sec']:.1f}×** | {o['gb_per_sec']:.2f} | "
          f"{100 * o['gb_per_sec'] / o['ceiling_gb_per_sec']:.0f}% of {o['ceiling_gb_per_sec']:.1f} GB/s |")
c = best("torch", "constant", "gb_per_sec")
print(f"\ntorch fill_ (constant) on the same buffer: {c['gb_per_sec']:.1f} GB/s")
PY
rm -f "$log"
