#!/usr/bin/env python3
"""Overlays the test-accuracy curves of cells of `initlab compare` run stores in one SVG, in the reports' style, and prints
the final accuracies (mean ± sample sd over seeds) as a Markdown table.

Usage: tools/store_curves.py OUT.svg TITLE LABEL=CELL_DIR [LABEL=CELL_DIR ...]
CELL_DIR is a cell's directory in a store (STORE/runs/NNN-...), holding seed-*/result.json. The curve is the mean over
seeds after each epoch, the band the range of the seeds (as the compare report draws them).
docs/results.md's transfer and layer-wise pretraining figures were made this way.
"""
import glob, json, math, os, statistics, sys

out, title, series = sys.argv[1], sys.argv[2], [a.split("=", 1) for a in sys.argv[3:]]
colors = ["#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD", "#8C564B", "#E377C2", "#7F7F7F"]
W, H, L, T, PW, PH = 700, 360, 72, 34, 398, 274

data = []
for label, cell in series:
    runs = [json.load(open(p)) for p in sorted(glob.glob(os.path.join(cell, "seed-*", "result.json")))]
    if not runs:
        sys.exit(f"{cell} holds no seed-*/result.json")
    curves = [[e["test_accuracy"] for e in r["epochs"]] for r in runs]
    data.append((label, curves, [r["final_accuracy"] for r in runs]))

epochs = max(len(c) for _, cs, _ in data for c in cs)
lo = min(min(c) for _, cs, _ in data for c in cs)
ymin = max(0.0, math.floor((lo - 0.02) * 10) / 10)
x = lambda e: (e - 1) / max(1, epochs - 1) * PW
y = lambda a: PH - (a - ymin) / (1 - ymin) * PH

svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<text x="{L + PW / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">{title}</text>']
for k in range(6):
    a = ymin + (1 - ymin) * k / 5
    svg.append(f'<line x1="{L}" y1="{T + y(a):.1f}" x2="{L + PW}" y2="{T + y(a):.1f}" stroke="#E0E0E0"/><text x="{L - 6}" y="{T + y(a) + 4:.1f}" text-anchor="end">{a:.2f}</text>')
step = max(1, epochs // 5)
for e in range(step, epochs + 1, step):
    svg.append(f'<line x1="{L + x(e):.1f}" y1="{T}" x2="{L + x(e):.1f}" y2="{T + PH}" stroke="#E0E0E0"/><text x="{L + x(e):.1f}" y="{T + PH + 16}" text-anchor="middle">{e}</text>')
svg.append(f'<svg x="{L}" y="{T}" width="{PW}" height="{PH}" viewBox="0 0 {PW} {PH}" overflow="hidden">')
for i, (label, curves, _) in enumerate(data):
    n = min(len(c) for c in curves)
    mean = [statistics.fmean(c[e] for c in curves) for e in range(n)]
    top = [max(c[e] for c in curves) for e in range(n)]
    bottom = [min(c[e] for c in curves) for e in range(n)]
    band = [(x(e + 1), y(top[e])) for e in range(n)] + [(x(e + 1), y(bottom[e])) for e in reversed(range(n))]
    color = colors[i % len(colors)]
    svg.append(f'<polygon points="{" ".join(f"{px:.2f},{py:.2f}" for px, py in band)}" fill="{color}" fill-opacity="0.18" stroke="none"/>')
    svg.append(f'<polyline points="{" ".join(f"{x(e + 1):.2f},{y(m):.2f}" for e, m in enumerate(mean))}" fill="none" stroke="{color}" stroke-width="2"/>')
svg.append('</svg>')
svg.append(f'<rect x="{L}" y="{T}" width="{PW}" height="{PH}" fill="none" stroke="#333333"/>')
svg.append(f'<text x="{L + PW / 2}" y="{T + PH + 36}" text-anchor="middle">epoch</text>')
svg.append(f'<text transform="translate(16 {T + PH / 2}) rotate(-90)" text-anchor="middle">test accuracy</text>')
for i, (label, _, _) in enumerate(data):
    color, ly = colors[i % len(colors)], T + 6 + 20 * i
    svg.append(f'<line x1="{L + PW + 14}" y1="{ly}" x2="{L + PW + 36}" y2="{ly}" stroke="{color}" stroke-width="2"/><text x="{L + PW + 42}" y="{ly + 4}">{label}</text>')
svg.append("</svg>")
with open(out, "w", encoding="utf-8") as f:
    f.write("".join(svg) + "\n")

print("| cell | final test accuracy, mean ± sd | seeds |")
print("|---|---:|---|")
for label, _, finals in data:
    sd = statistics.stdev(finals) if len(finals) > 1 else float("nan")
    print(f"| {label} | {statistics.fmean(finals):.4f} ± {sd:.4f} | {', '.join(f'{v:.4f}' for v in finals)} |")
