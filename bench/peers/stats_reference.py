#!/usr/bin/python3
"""Reference numbers for InitLab.Numerics.Welch and MeanInterval (tests/InitLab.Tests/Numerics/WelchTests.cs).

Run: /usr/bin/python3 bench/peers/stats_reference.py
Prints, per case, Welch's t, its degrees of freedom and the two-sided p (scipy.stats.ttest_ind, equal_var=False),
the Student-t 95% half-width of each sample's mean, and the Holm-adjusted p-values of the list of p-values
(statsmodels' multipletests(method='holm') rule, written out here).
"""
import numpy as np
from scipy import stats

cases = [
    ([0.81, 0.83, 0.80], [0.78, 0.79, 0.77, 0.80]),
    ([0.1, 0.1, 0.1], [0.85, 0.86, 0.84]),
    ([0.5, 0.9], [0.52, 0.56, 0.51, 0.58, 0.50]),
    ([1.0, 2.0, 3.0, 4.0, 5.0], [2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5]),
]
for a, b in cases:
    a, b = np.array(a), np.array(b)
    t, p = stats.ttest_ind(a, b, equal_var=False)
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    ha = stats.t.ppf(0.975, len(a) - 1) * a.std(ddof=1) / np.sqrt(len(a))
    print(f"t={t!r} df={df!r} p={p!r} half_a={ha!r}")

def holm(p):
    p = np.asarray(p, dtype=float)
    order = np.argsort(p, kind="stable")
    m = len(p)
    adjusted = np.empty(m)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        adjusted[i] = running
    return adjusted

print("holm", list(holm([0.01, 0.04, 0.03, 0.005, 0.2])))
