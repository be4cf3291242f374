"""torch.optim 1.13 in float32 on a unit whose gradient stops: decaying state that becomes subnormal, for
tests/InitLab.Tests/Optim/SubnormalStateTests.cs.

Run: /usr/bin/python3 bench/peers/subnormal_state.py
Every optimizer starts from w = [1, -2] (float32), takes gradient [0.5, -1] at step 1 and exactly 0 for the next
STEPS - 1 steps (a unit that died). Prints w after the steps in REPORT (float32, 9 significant digits) and, after the
last step, each state tensor's values (%.9g) and how many of them are subnormal (0 < |x| < 2^-126): the buffers torch
keeps, where InitLab stores exact zeros.
"""
import torch

STEPS = 1200
REPORT = [1, 2, 10, 100, 1200]
TINY = torch.finfo(torch.float32).tiny

CASES = [
    ("SGD lr=0.1 momentum=0.9", torch.optim.SGD, dict(lr=0.1, momentum=0.9)),
    ("RMSprop lr=0.01 momentum=0.9", torch.optim.RMSprop, dict(lr=0.01, momentum=0.9)),
    ("RMSprop lr=0.01 momentum=0.9 centered", torch.optim.RMSprop, dict(lr=0.01, momentum=0.9, centered=True)),
    ("Adam lr=0.1", torch.optim.Adam, dict(lr=0.1)),
    ("NAdam lr=0.1", torch.optim.NAdam, dict(lr=0.1)),
    ("RAdam lr=0.1", torch.optim.RAdam, dict(lr=0.1)),
]

for title, cls, kwargs in CASES:
    w = torch.tensor([1.0, -2.0], dtype=torch.float32, requires_grad=True)
    opt = cls([w], **kwargs)
    print(title)
    for step in range(1, STEPS + 1):
        w.grad = torch.tensor([0.5, -1.0] if step == 1 else [0.0, 0.0], dtype=torch.float32)
        opt.step()
        if step in REPORT:
            print("    step %d: [%s]" % (step, ", ".join("%.9g" % v for v in w.detach().tolist())))
    for name, value in opt.state[w].items():
        if torch.is_tensor(value) and value.dim() > 0:
            sub = int(((value.abs() < TINY) & (value != 0)).sum())
            print("    %s: [%s], %d subnormal" % (name, ", ".join("%.9g" % v for v in value.tolist()), sub))
