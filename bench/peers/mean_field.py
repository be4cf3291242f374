#!/usr/bin/python3
"""An independent mean-field reference (scipy adaptive quadrature + brentq) compared with `initlab theory --json`.
Run: /usr/bin/python3 bench/peers/mean_field.py   (prints a Markdown table; docs/theory.md shows its output)."""
import json, math, subprocess, sys, warnings
from scipy import integrate, optimize, special

warnings.simplefilter("ignore", integrate.IntegrationWarning)

ACT = {
    "tanh": (math.tanh, lambda x: 1 - math.tanh(x) ** 2, lambda x: -2 * math.tanh(x) * (1 - math.tanh(x) ** 2)),
    "relu": (lambda x: max(x, 0.0), lambda x: 1.0 if x > 0 else 0.0, lambda x: 0.0),
    "gelu": (lambda x: x * special.ndtr(x), lambda x: special.ndtr(x) + x * math.exp(-x * x / 2) / math.sqrt(2 * math.pi),
             lambda x: math.exp(-x * x / 2) / math.sqrt(2 * math.pi) * (2 - x * x)),
    "silu": (lambda x: x * special.expit(x), lambda x: special.expit(x) * (1 + x * (1 - special.expit(x))),
             lambda x: special.expit(x) * (1 - special.expit(x)) * (2 + x * (1 - 2 * special.expit(x)))),
    "sigmoid": (special.expit, lambda x: special.expit(x) * (1 - special.expit(x)),
                lambda x: special.expit(x) * (1 - special.expit(x)) * (1 - 2 * special.expit(x))),
}


def gauss(g, q):
    """E[g(√q z)], z ~ N(0, 1), split at 0 and truncated at |z| = 40."""
    s = math.sqrt(q)
    f = lambda z: (g(s * z) + g(-s * z)) * math.exp(-z * z / 2) / math.sqrt(2 * math.pi)
    return integrate.quad(f, 0, 40, epsabs=1e-14, epsrel=1e-13, limit=400, points=[min(40, 20 / max(s, 1e-9))])[0]


def analyze(act, sw, sb):
    phi, d1, d2 = ACT[act]
    gap = lambda q: sw * sw * gauss(lambda u: phi(u) ** 2, q) + sb * sb - q
    lo, hi = 1e-12, 1.0
    while gap(hi) > 0 and hi < 1e100:
        hi *= 2
    if hi >= 1e100:  # no finite fixed point: χ₁ is the q → ∞ limit, the depth scales are undefined
        return math.inf, sw * sw * gauss(lambda u: d1(u) ** 2, 1e100), math.nan, math.nan
    q = optimize.brentq(gap, lo, hi, xtol=1e-15, rtol=1e-15) if gap(lo) > 0 else 0.0
    chi1 = sw * sw * gauss(lambda u: d1(u) ** 2, max(q, 1e-300))
    slope = sw * sw * gauss(lambda u: d1(u) ** 2 + phi(u) * d2(u), max(q, 1e-300))
    depth = lambda x: math.inf if x >= 1 else -1 / math.log(x)
    return q, chi1, depth(slope), (depth(chi1) if chi1 <= 1 else math.nan)


def critical(act, sb):
    excess = lambda sw: analyze(act, sw, sb)[1] - 1
    sw = 0.05
    while excess(sw * 1.25) < 0:
        sw *= 1.25
    return optimize.brentq(excess, sw, sw * 1.25, xtol=1e-13)


def initlab(act, sw, sb):
    out = subprocess.run(["./initlab", "theory", "--act", act, "--sigma-w", repr(sw), "--sigma-b", repr(sb), "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


CASES = [("tanh", math.sqrt(1.5), math.sqrt(0.05)), ("tanh", 1.0, 0.3), ("tanh", 0.9, 0.0), ("relu", 1.2, 0.3), ("relu", 1.6, 0.1),
         ("gelu", 1.5, 0.2), ("silu", 1.8, 0.1), ("sigmoid", 3.0, 0.5)]

print("| φ | σ_w | σ_b | q* (scipy) | q* (InitLab) | χ₁ (scipy) | χ₁ (InitLab) | ξ_q (scipy) | ξ_q (InitLab) | ξ_c (scipy) | ξ_c (InitLab) | σ_w crit. (scipy) | σ_w crit. (InitLab) | max rel. diff |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
worst = 0.0
for act, sw, sb in CASES:
    q, chi1, xiq, xic = analyze(act, sw, sb)
    crit = critical(act, sb)
    ours = initlab(act, sw, sb)
    null = lambda v: math.nan if v is None else v  # JSON null: infinite or undefined
    pairs = [(q, ours["q_star"]), (chi1, ours["chi1"]), (xiq, ours["xi_q"]), (xic, ours["xi_c"]), (crit, ours["sigma_w_critical"])]
    pairs = [(a, null(b)) for a, b in pairs]
    diff = max(abs(a - b) / abs(a) for a, b in pairs if math.isfinite(a) and a != 0)
    worst = max(worst, diff)
    cells = " | ".join(f"{a:.10g} | {b:.10g}" for a, b in pairs)
    print(f"| {act} | {sw:.6g} | {sb:.6g} | {cells} | {diff:.1e} |")
print(f"\nworst relative difference: {worst:.1e}", file=sys.stderr)
sys.exit(0 if worst < 1e-6 else 1)
