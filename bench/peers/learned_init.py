#!/usr/bin/python3
"""PyTorch (float64, double/triple backward) reference numbers for GradInit's and MetaInit's per-tensor scale gradients.

  /usr/bin/python3 bench/peers/learned_init.py

The tiny MLP 4-5-3 (Linear, tanh, Linear) has deterministic parameters and data (formulas below, repeated in
tests/InitLab.Tests/Init/Learned/LearnedInitTorchTests.cs). Every tensor l is θ_l = α_l·θ0_l with α = 1; printed are
d/dα of: GradInit's objective L(S2; θ − η·A[g])/η with the step A[g] held constant (A = SGD: g, Adam: sign g),
GradInit's constraints ‖g(S1)‖₂ and ‖g(S1)‖₁ (double backward), and MetaInit's gradient quotient
GQ = mean |(g − Hg)/(g + ε·s(g)) − 1| over all parameters (triple backward), for the weights.
"""
import math
import torch

torch.set_default_dtype(torch.float64)
ETA, EPS = 0.1, 1e-5


def theta0():
    w1 = torch.tensor([[0.6 * math.sin(0.7 * (4 * o + i)) for i in range(4)] for o in range(5)])
    b1 = torch.tensor([0.1 * math.cos(0.9 * o + 0.2) for o in range(5)])
    w2 = torch.tensor([[0.5 * math.cos(0.8 * (5 * o + i) + 0.3) for i in range(5)] for o in range(3)])
    b2 = torch.tensor([0.05 * (o - 1) + 0.02 for o in range(3)])
    return [w1, b1, w2, b2]


def data():
    x = torch.tensor([[math.sin(0.37 * (4 * n + i) + 0.1 * n) * 1.5 for i in range(4)] for n in range(10)])
    y = torch.tensor([(n * 7) % 3 for n in range(10)])
    return x, y


def loss(params, x, y):
    w1, b1, w2, b2 = params
    return torch.nn.functional.cross_entropy(torch.tanh(x @ w1.T + b1) @ w2.T + b2, y)


def main():
    t0 = theta0()
    x, y = data()
    s1, y1, s2, y2 = x[0:6], y[0:6], x[3:9], y[3:9]
    for alg in ("sgd", "adam"):
        a = [torch.ones((), requires_grad=True) for _ in t0]
        th = [ai * p for ai, p in zip(a, t0)]
        g = torch.autograd.grad(loss(th, s1, y1), th, create_graph=True)
        step = [(gi if alg == "sgd" else gi.sign()).detach() for gi in g]
        obj = loss([p - ETA * s for p, s in zip(th, step)], s2, y2) / ETA
        d_obj = torch.autograd.grad(obj, a, retain_graph=True)
        norm = torch.sqrt(sum((gi ** 2).sum() for gi in g)) if alg == "sgd" else sum(gi.abs().sum() for gi in g)
        d_norm = torch.autograd.grad(norm, a)
        print(f"{alg} objective {obj.item():.15g} dalpha {[round(v.item(), 15) for v in d_obj]}")
        print(f"{alg} gnorm {norm.item():.15g} dalpha {[round(v.item(), 15) for v in d_norm]}")
    a = [torch.ones((), requires_grad=True) for _ in t0]
    th = [ai * p for ai, p in zip(a, t0)]
    g = torch.autograd.grad(loss(th, s1, y1), th, create_graph=True)
    hg = torch.autograd.grad(sum((gi ** 2).sum() / 2 for gi in g), th, create_graph=True)
    gq = sum(((gi - hi) / (gi + EPS * (2 * (gi >= 0).double() - 1).detach()) - 1).abs().sum() for gi, hi in zip(g, hg)) / sum(p.numel() for p in t0)
    d_gq = torch.autograd.grad(gq, [a[0], a[2]])
    print(f"metainit gq {gq.item():.15g} dalpha_weights {[round(v.item(), 15) for v in d_gq]}")


if __name__ == "__main__":
    main()
