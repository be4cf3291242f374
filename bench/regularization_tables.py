"""Reads `initlab compare --out DIR` run stores into the tables of docs/results.md (issue 12, clipping and regularization).

Run: /usr/bin/python3 bench/regularization_tables.py STORE [STORE ...]
For each store and cell: test accuracy (final epoch; a diverged run counts at chance), train accuracy of the last epoch
(completed runs), the generalization gap, diverged runs, the share of clipped steps and the pre-clip gradient norm
(mean over epoch 1's steps, and the largest of the run), each as the mean over seeds with the per-seed values.
"""
import glob
import json
import os
import sys


def cells(store):
    for cell in sorted(glob.glob(os.path.join(store, "runs", "*"))):
        runs = [json.load(open(f)) for f in sorted(glob.glob(os.path.join(cell, "*", "result.json")))]
        yield os.path.basename(cell), runs


def mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else float("nan")


for store in sys.argv[1:]:
    print(f"## {store}")
    print("| cell | test acc (seeds) | mean | train acc | gap | diverged | clipped | grad norm ep1 mean | grad norm max |")
    for name, runs in cells(store):
        test = [r["final_accuracy"] for r in runs]
        done = [r for r in runs if r["status"] == "completed" and r["epochs"]]
        train = [r["epochs"][-1]["train_accuracy"] for r in done]
        gap = mean(train) - mean([r["final_accuracy"] for r in done])
        steps = sum(r["epochs"][-1]["step"] for r in runs if r["epochs"])
        clipped = sum(e["clipped_steps"] for r in runs for e in r["epochs"])
        norm1 = mean([r["epochs"][0]["grad_norm_mean"] for r in runs if r["epochs"]])
        normmax = mean([max(e["grad_norm_max"] for e in r["epochs"]) for r in runs if r["epochs"]])
        diverged = sum(r["status"] == "diverged" for r in runs)
        print(f"| {name.split('-', 1)[1]} | {', '.join(f'{t:.4f}' for t in test)} | {mean(test):.4f} | {mean(train):.4f} | {gap:.4f} | "
              f"{diverged}/{len(runs)} | {clipped / steps if steps else 0:.1%} | {norm1:.3g} | {normmax:.3g} |")
