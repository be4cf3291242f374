"""Peer check for initlab pretrain's autoencoder layer (issue 13): the loss and the gradients of one tied and one untied
autoencoder on a fixed batch, with PyTorch 1.13 in float64.

    /usr/bin/python3 bench/peers/autoencoder_torch.py

The inputs are closed-form so the test rebuilds them without a fixture file (B = 3 images, 5 inputs, 4 hidden units):
    x[i, j]  = sin(0.37·i + 0.11·j + 0.2)            the clean input (the reconstruction target)
    m[i, j]  = 0 if (i + 2j) mod 3 == 0 else 1       the masking pattern; the encoder sees x̃ = m·x
    W[k, j]  = 0.3·cos(0.5·k − 0.7·j)                the encoder weight [4, 5]
    b[k]     = 0.05·k − 0.1
    c[j]     = 0.02·j
    V[j, k]  = 0.25·sin(0.9·j + 0.4·k)               the untied decoder weight [5, 4]
    h = act(x̃·Wᵀ + b);  x̂ = h·W + c (tied) or h·Vᵀ + c (untied);  L = mean((x̂ − x)²)
Prints the loss and the gradients (row-major) for act in (sigmoid, tanh); TiedAutoencoderTests embeds them.
"""
import math
import torch

B, N, H = 3, 5, 4
x = torch.tensor([[math.sin(0.37 * i + 0.11 * j + 0.2) for j in range(N)] for i in range(B)], dtype=torch.float64)
m = torch.tensor([[0.0 if (i + 2 * j) % 3 == 0 else 1.0 for j in range(N)] for i in range(B)], dtype=torch.float64)

def params():
    W = torch.tensor([[0.3 * math.cos(0.5 * k - 0.7 * j) for j in range(N)] for k in range(H)], dtype=torch.float64, requires_grad=True)
    b = torch.tensor([0.05 * k - 0.1 for k in range(H)], dtype=torch.float64, requires_grad=True)
    c = torch.tensor([0.02 * j for j in range(N)], dtype=torch.float64, requires_grad=True)
    V = torch.tensor([[0.25 * math.sin(0.9 * j + 0.4 * k) for k in range(H)] for j in range(N)], dtype=torch.float64, requires_grad=True)
    return W, b, c, V

def show(name, t):
    print(f"    {name} = [{', '.join(f'{v:.12g}' for v in t.detach().reshape(-1).tolist())}]")

for act_name, act in (("sigmoid", torch.sigmoid), ("tanh", torch.tanh)):
    for tied in (True, False):
        W, b, c, V = params()
        h = act(torch.nn.functional.linear(m * x, W, b))
        xhat = h @ W + c if tied else torch.nn.functional.linear(h, V, c)
        loss = torch.nn.functional.mse_loss(xhat, x)
        loss.backward()
        print(f"{act_name} {'tied' if tied else 'untied'}: loss = {loss.item():.12g}")
        show("dW", W.grad); show("db", b.grad); show("dc", c.grad)
        if not tied:
            show("dV", V.grad)
