"""PyTorch 1.13 numbers for InitLab's gradient clipping, L1/L2 penalties and label smoothing (issue 12, deliverables 3 and 4).

Run: /usr/bin/python3 bench/peers/regularization.py
tests/InitLab.Tests/Training/GradientClippingTests.cs, tests/InitLab.Tests/Autograd/WeightPenaltyTests.cs and
tests/InitLab.Tests/Autograd/LabelSmoothingTests.cs paste the printed numbers. All inputs are written out here and in the tests.
"""
import torch
import torch.nn.functional as F


def show(name, values):
    print(f"{name} = [{', '.join(f'{v:.9g}' for v in values)}]")


# Gradient clipping: two "parameters" with the gradients below (float32, as in training).
g1 = [0.5, -1.25, 2.0, 0.0, -0.75, 3.5]
g2 = [-2.5, 0.125, 1.0, -4.0]
for max_norm in [1.0, 100.0]:
    a = torch.zeros(6, requires_grad=True)
    b = torch.zeros(4, requires_grad=True)
    a.grad = torch.tensor(g1)
    b.grad = torch.tensor(g2)
    total = torch.nn.utils.clip_grad_norm_([a, b], max_norm)
    print(f"clip_grad_norm_ max_norm={max_norm}: total_norm = {total.item():.9g}")
    show("  a.grad", a.grad.tolist())
    show("  b.grad", b.grad.tolist())
a = torch.zeros(6, requires_grad=True)
b = torch.zeros(4, requires_grad=True)
a.grad = torch.tensor(g1)
b.grad = torch.tensor(g2)
torch.nn.utils.clip_grad_value_([a, b], 1.5)
print("clip_grad_value_ clip_value=1.5")
show("  a.grad", a.grad.tolist())
show("  b.grad", b.grad.tolist())

# Penalties: R = l1*sum|w| + l2/2*sum w^2 over two weights (a zero element checks sign(0) = 0).
w1 = torch.tensor([[0.5, -1.5, 0.0], [2.0, -0.25, 0.75]], requires_grad=True)
w2 = torch.tensor([-0.125, 3.0, -2.0, 0.0625], requires_grad=True)
l1, l2 = 0.01, 0.3
r = l1 * (w1.abs().sum() + w2.abs().sum()) + l2 / 2 * ((w1 ** 2).sum() + (w2 ** 2).sum())
r.backward()
print(f"penalty l1={l1} l2={l2}: R = {r.item():.9g}")
show("  w1.grad", w1.grad.flatten().tolist())
show("  w2.grad", w2.grad.tolist())

# Label smoothing: CrossEntropyLoss(label_smoothing=eps), float64.
z0 = [[1.5, -0.5, 0.25, 2.0], [-1.0, 0.75, 3.0, -2.5], [0.1, 0.2, -0.3, 0.4]]
t = torch.tensor([3, 2, 1])
for eps in [0.1, 0.35]:
    z = torch.tensor(z0, dtype=torch.float64, requires_grad=True)
    loss = torch.nn.CrossEntropyLoss(label_smoothing=eps)(z, t)
    loss.backward()
    print(f"label_smoothing={eps}: loss = {loss.item():.12f}")
    print("  grad = [" + ", ".join(f"{v:.12f}" for v in z.grad.flatten().tolist()) + "]")
