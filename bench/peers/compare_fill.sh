#!/usr/bin/env bash
# Runs InitLab's and PyTorch's/NumPy's fills back to back in one go and prints the ratios.
# Usage: bench/peers/compare_fill.sh [COUNT] [THREADS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
count="${1:-67108864}"; threads="${2:-2}"
"$root/initlab" --help >/dev/null   # build first, outside the timings
peers="$(/usr/bin/python3 "$root/bench/peers/fill.py" --count "$count" --threads "$threads")"
echo "| distribution | InitLab M elem/s | torch M elem/s | numpy M elem/s | InitLab / torch | InitLab GB/s | % of constant-fill ceiling |"
echo "|---|---|---|---|---|---|---|"
for dist in uniform normal truncated-normal; do
  ours="$("$root/initlab" bench fill --dist "$dist" --count "$count" --threads "$threads" --json)"
  /usr/bin/python3 - "$dist" "$ours" "$peers" <<'PY'
import json, sys
dist, ours, peers = sys.argv[1], json.loads(sys.argv[2]), [json.loads(l) for l in sys.argv[3].splitlines()]
def rate(peer):
    r = [p["melem_per_sec"] for p in peers if p["peer"] == peer and p["dist"] == dist]
    return r[0] if r else None
t, n = rate("torch"), rate("numpy")
print(f"| {dist} | {ours['melem_per_sec']:.0f} | {t:.0f} | {'%.0f' % n if n else '—'} | **{ours['melem_per_sec'] / t:.1f}×** | "
      f"{ours['gb_per_sec']:.2f} | {100 * ours['gb_per_sec'] / ours['ceiling_gb_per_sec']:.0f}% of {ours['ceiling_gb_per_sec']:.1f} GB/s |")
PY
done
/usr/bin/python3 - "$peers" <<'PY'
import json, sys
for p in map(json.loads, sys.argv[1].splitlines()):
    if p["dist"] == "constant":
        print(f"\ntorch fill_ (constant) on the same buffer: {p['gb_per_sec']:.1f} GB/s")
PY
