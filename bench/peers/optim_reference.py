"""Step-by-step reference values of torch.optim 1.13 for tests/InitLab.Tests/Optim.

Run: /usr/bin/python3 bench/peers/optim_reference.py
Every optimizer starts from w = [1, -2] (float64) and takes one step per gradient in GRADIENTS;
each line prints w after that step, to paste into the test of that optimizer.
"""
import torch

GRADIENTS = [[0.5, -1.0], [-0.25, 2.0], [1.0, 0.5], [0.75, -0.5], [-1.0, 1.5], [0.25, 0.25], [2.0, -1.0], [-0.5, 0.75]]

CASES = [
    ("RMSprop lr=0.01", torch.optim.RMSprop, dict(lr=0.01)),
    ("RMSprop lr=0.01 centered momentum=0.9 weight_decay=0.1 alpha=0.9", torch.optim.RMSprop,
     dict(lr=0.01, centered=True, momentum=0.9, weight_decay=0.1, alpha=0.9)),
    ("RMSprop lr=0.01 momentum=0.5 eps=0.1", torch.optim.RMSprop, dict(lr=0.01, momentum=0.5, eps=0.1)),
    ("Adagrad lr=0.1", torch.optim.Adagrad, dict(lr=0.1)),
    ("Adagrad lr=0.1 lr_decay=0.5 weight_decay=0.1 initial_accumulator_value=0.2 eps=0.01", torch.optim.Adagrad,
     dict(lr=0.1, lr_decay=0.5, weight_decay=0.1, initial_accumulator_value=0.2, eps=0.01)),
    ("RAdam lr=0.1", torch.optim.RAdam, dict(lr=0.1)),
    ("RAdam lr=0.1 betas=(0.8,0.9) weight_decay=0.1 eps=0.01", torch.optim.RAdam, dict(lr=0.1, betas=(0.8, 0.9), weight_decay=0.1, eps=0.01)),
    ("NAdam lr=0.1", torch.optim.NAdam, dict(lr=0.1)),
    ("NAdam lr=0.1 betas=(0.8,0.9) weight_decay=0.1 momentum_decay=0.1 eps=0.01", torch.optim.NAdam,
     dict(lr=0.1, betas=(0.8, 0.9), weight_decay=0.1, momentum_decay=0.1, eps=0.01)),
]

for title, cls, kwargs in CASES:
    w = torch.tensor([1.0, -2.0], dtype=torch.float64, requires_grad=True)
    opt = cls([w], **kwargs)
    print(title)
    for g in GRADIENTS:
        w.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        print("    [%s]," % ", ".join("%.12g" % v for v in w.detach().tolist()))
