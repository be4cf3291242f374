"""PyTorch 1.13 numbers for InitLab's class-weighted cross-entropy (--class-weights balanced).

Run: /usr/bin/python3 bench/peers/weighted_cross_entropy.py
tests/InitLab.Tests/Autograd/WeightedCrossEntropyTests.cs pastes the printed loss and gradient.
"""
import torch
import torch.nn.functional as F

z = torch.tensor([[1.5, -0.5, 0.25, 2.0], [-1.0, 0.75, 3.0, -2.5], [0.1, 0.2, -0.3, 0.4]], dtype=torch.float64, requires_grad=True)
targets = torch.tensor([3, 2, 1])
weight = torch.tensor([0.5, 2.0, 1.25, 0.75], dtype=torch.float64)
loss = F.cross_entropy(z, targets, weight=weight)
loss.backward()
print(f"loss={loss.item():.12f}")
print("grad=", ", ".join(f"{v:.12f}" for v in z.grad.flatten().tolist()))
