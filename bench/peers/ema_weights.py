"""torch.optim.swa_utils.AveragedModel with an EMA avg_fn on given weights, for tests/InitLab.Tests/Training/ExponentialMovingAverageTests.cs.

Run: /usr/bin/python3 bench/peers/ema_weights.py
The model's single parameter takes the values W[t] in turn; after each, update_parameters() folds it in. Prints the
average after every update with float32 round-trip precision.
"""
import torch
from torch.optim.swa_utils import AveragedModel

D = 0.9
W = [[0.5, -1.25, 3.0, 1e-3, -7.5], [0.25, -1.0, 2.5, 0.2, -7.0], [1.5, 0.75, -2.0, 0.1, 4.0], [-0.3, 0.6, 0.9, -1.2, 1.5]]
model = torch.nn.Linear(5, 1, bias=False)
averaged = AveragedModel(model, avg_fn=lambda a, w, n: D * a + (1 - D) * w)
for w in W:
    with torch.no_grad():
        model.weight.copy_(torch.tensor([w]))
    averaged.update_parameters(model)
    print([float(v) for v in averaged.module.weight.detach().flatten()])
