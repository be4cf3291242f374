"""torch.optim.swa_utils (AveragedModel, update_bn, SWALR) on given weights and batches, for
tests/InitLab.Tests/Training/StochasticWeightAveragingTests.cs.

Run: /usr/bin/python3 bench/peers/swa_bn.py
The model is InitLab's mlp:4-6-3 with --norm batch: Linear(4, 6), BatchNorm1d(6), ReLU, Linear(6, 3). Its parameters take
the values of the formulas below at t = 0, 1, 2, 3 in turn (parameter k of tensor j: 0.5·sin(0.7·k + 0.3·t + j)), and
after each AveragedModel.update_parameters() folds them in with the default equal average. Then update_bn() runs the
three batches B[b] (element k of batch b: 1.5·sin(0.37·k + b) + 0.2·b) through the averaged model. Prints the averaged
parameters and the running statistics, with float32 round-trip precision, and SWALR's learning rates.
"""
import math
import torch
from torch.optim.swa_utils import AveragedModel, SWALR, update_bn

torch.set_default_dtype(torch.float32)
model = torch.nn.Sequential(torch.nn.Linear(4, 6), torch.nn.BatchNorm1d(6), torch.nn.ReLU(), torch.nn.Linear(6, 3))
swa = AveragedModel(model)


def fill(t):
    with torch.no_grad():
        for j, p in enumerate(model.parameters()):
            n = p.numel()
            p.copy_(torch.tensor([0.5 * math.sin(0.7 * k + 0.3 * t + j) for k in range(n)], dtype=torch.float32).view_as(p))


for t in range(4):
    fill(t)
    swa.update_parameters(model)
batches = [torch.tensor([1.5 * math.sin(0.37 * k + b) + 0.2 * b for k in range(20)], dtype=torch.float32).view(5, 4) for b in range(3)]
update_bn(batches, swa)
for name, p in swa.module.named_parameters():
    print(name, [float(v) for v in p.detach().flatten()])
bn = swa.module[1]
print("running_mean", [float(v) for v in bn.running_mean])
print("running_var", [float(v) for v in bn.running_var])
print("num_batches_tracked", int(bn.num_batches_tracked), "momentum", bn.momentum)

# SWALR: stepped once before each averaged epoch, starting from the rate the run had (0.1).
for strategy in ("cos", "linear"):
    for anneal in (0, 1, 3):
        opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
        sched = SWALR(opt, swa_lr=0.01, anneal_epochs=anneal, anneal_strategy=strategy)
        rates = []
        for epoch in range(5):
            rates.append(opt.param_groups[0]["lr"])
            sched.step()
        rates.append(opt.param_groups[0]["lr"])
        print("swalr", strategy, anneal, rates)
