"""PyTorch 1.13 numbers for InitLab's knowledge-distillation loss (Hinton et al. 2015).

Run: /usr/bin/python3 bench/peers/distillation.py
Prints the loss and d loss / d student logits for fixed logits, targets, T and alpha; the C# test
tests/InitLab.Tests/Autograd/DistillationLossTests.cs pastes them as constants.
"""
import torch
import torch.nn.functional as F

torch.set_printoptions(precision=10)
student = torch.tensor([[1.5, -0.5, 0.25, 2.0], [-1.0, 0.75, 3.0, -2.5], [0.1, 0.2, -0.3, 0.4]], dtype=torch.float64, requires_grad=True)
teacher = torch.tensor([[2.5, -1.0, 0.5, 1.0], [0.0, 1.5, 4.0, -3.0], [-0.5, 1.0, 0.0, 0.5]], dtype=torch.float64)
targets = torch.tensor([3, 2, 1])
for temperature, alpha in [(2.5, 0.7), (1.0, 1.0), (4.0, 0.0)]:
    if student.grad is not None:
        student.grad = None
    soft = F.kl_div(F.log_softmax(student / temperature, dim=1), F.softmax(teacher / temperature, dim=1), reduction="batchmean")
    loss = alpha * temperature * temperature * soft + (1 - alpha) * F.cross_entropy(student, targets)
    loss.backward()
    print(f"T={temperature} alpha={alpha} loss={loss.item():.12f}")
    print("grad=", ", ".join(f"{v:.12f}" for v in student.grad.flatten().tolist()))
