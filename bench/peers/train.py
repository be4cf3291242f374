#!/usr/bin/python3
"""Times torch training steps (forward, cross-entropy, backward, optimizer step) for an InitLab model spec, matching
`initlab bench train`: ReLU, He-normal weights, zero biases, a fixed N(0, 1) batch with labels cycling through the
classes and shifted by one class every step (so the batch cannot be memorized), SGD (lr 0.01, momentum 0.9) or Adam, NAdam,
RMSprop (lr 0.001; --momentum for RMSprop's); five timed rounds after --warmup-steps untimed ones (default 3), the median reported.
--flush-denormal calls torch.set_flush_denormal(True) (the CPU treats subnormal floats as zero).
Specs: mlp:IN-W-...-CLASSES and cnn:(cN[kK]|p)-...-fN-...-CLASSES (docs/models.md), 1×28×28 inputs.
--precision bf16 runs the forward pass and the loss under torch.autocast("cpu", dtype=torch.bfloat16) (float32 master
weights, as `initlab bench train --precision bf16`).
Run: /usr/bin/python3 bench/peers/train.py --model SPEC [--batch B] [--opt sgd|adam|nadam|rmsprop] [--momentum M] [--precision fp32|bf16]
     [--threads T] [--seconds S] [--warmup-steps N] [--flush-denormal] [--json]"""
import argparse, json, time
import torch
from torch import nn


def build(spec):
    family, items = spec.split(":", 1)
    parts = items.split("-")
    layers = []
    if family == "mlp":
        width = int(parts[0])
        for w in parts[1:-1]:
            layers += [nn.Linear(width, int(w)), nn.ReLU()]
            width = int(w)
        layers.append(nn.Linear(width, int(parts[-1])))
        return nn.Sequential(*layers), (int(parts[0]),)
    if family != "cnn":
        raise SystemExit(f"unsupported spec {spec}")
    channels, size, flat = 1, 28, None
    for item in parts[:-1]:
        if item == "p":
            layers.append(nn.MaxPool2d(2, 2))
            size //= 2
        elif item.startswith("c"):
            out, _, k = item[1:].partition("k")
            k = int(k or 3)
            layers += [nn.Conv2d(channels, int(out), k, padding=(k - 1) // 2), nn.ReLU()]
            channels = int(out)
        elif item.startswith("f"):
            if flat is None:
                layers.append(nn.Flatten())
                flat = channels * size * size
            layers += [nn.Linear(flat, int(item[1:])), nn.ReLU()]
            flat = int(item[1:])
    if flat is None:
        layers.append(nn.Flatten())
        flat = channels * size * size
    layers.append(nn.Linear(flat, int(parts[-1])))
    return nn.Sequential(*layers), (1, 28, 28)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", default="mlp:784-256-128-100-10")
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--opt", choices=["sgd", "adam", "nadam", "rmsprop"], default="sgd")
    p.add_argument("--momentum", type=float, default=0.0, help="RMSprop's momentum")
    p.add_argument("--warmup-steps", type=int, default=3)
    p.add_argument("--flush-denormal", action="store_true")
    p.add_argument("--precision", choices=["fp32", "bf16"], default="fp32")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seconds", type=float, default=3.0)
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    if a.flush_denormal and not torch.set_flush_denormal(True):
        raise SystemExit("this CPU cannot flush denormals")
    torch.manual_seed(0)
    model, shape = build(a.model)
    for m in model.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
            nn.init.zeros_(m.bias)
    classes = int(a.model.split("-")[-1])
    x = torch.randn(a.batch, *shape)
    labels = [(torch.arange(a.batch) + shift) % classes for shift in range(classes)]
    count = [0]
    opt = {"sgd": lambda ps: torch.optim.SGD(ps, lr=0.01, momentum=0.9), "adam": lambda ps: torch.optim.Adam(ps, lr=1e-3),
           "nadam": lambda ps: torch.optim.NAdam(ps, lr=1e-3),
           "rmsprop": lambda ps: torch.optim.RMSprop(ps, lr=1e-3, momentum=a.momentum)}[a.opt](model.parameters())
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad(set_to_none=True)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=a.precision == "bf16"):
            loss = loss_fn(model(x), labels[count[0] % classes])
        count[0] += 1
        loss.backward()
        opt.step()

    for _ in range(max(a.warmup_steps, 1)):
        step()
    t = time.perf_counter()
    step()
    once = max(time.perf_counter() - t, 1e-6)
    steps = int(min(max(a.seconds / 5 / once, 1), 100000))
    rates = []
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(steps):
            step()
        rates.append(steps * a.batch / (time.perf_counter() - t))
    rates.sort()
    result = {"model": a.model, "batch": a.batch, "threads": a.threads, "opt": a.opt, "precision": a.precision, "samples_per_sec": rates[2]}
    if a.opt == "rmsprop":
        result["momentum"] = a.momentum
    if a.flush_denormal:
        result["flush_denormal"] = True
    if a.json:
        print(json.dumps(result))
    else:
        print(f"{a.model}, batch {a.batch}, {a.opt}, {a.precision}, {a.threads} threads: {rates[2]:.0f} samples/s (torch {torch.__version__})")


if __name__ == "__main__":
    main()
