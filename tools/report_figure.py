#!/usr/bin/env python3
"""Copies figure N (0-based, in page order) of an InitLab HTML report to a standalone .svg file.

Usage: tools/report_figure.py REPORT.html N OUT.svg
The figures of docs/results.md were cut out of `initlab compare --report` pages this way.
"""
import re
import sys

html = open(sys.argv[1], encoding="utf-8").read()
figures = re.findall(r"<figure>(<svg.*?</svg>)(?=<figcaption>|</figure>)", html, re.S)
index = int(sys.argv[2])
if not 0 <= index < len(figures):
    sys.exit(f"{sys.argv[1]} has {len(figures)} figures; N must be in 0..{len(figures) - 1}")
with open(sys.argv[3], "w", encoding="utf-8") as out:
    out.write(figures[index] + "\n")
