"""One optimizer step of torch.optim 1.13 on the parameters of mlp:784-256-128-100-10, one thread: the peer of
bench/InitLab.Bench/OptimizerStepBenchmarks.cs (same shapes, fixed random gradients of order 1e-2, lr 1e-3, SGD momentum 0.9).
torch 1.13 runs its single-tensor loop unless foreach=True is given; Adam and NAdam are also timed with it.

    /usr/bin/python3 bench/peers/optimizer_step.py [--repeat 2000]

Prints, per optimizer, the minimum and the median over 7 rounds of the mean time per step, in microseconds."""
import argparse
import statistics
import time

import torch

SHAPES = [(256, 784), (256,), (128, 256), (128,), (100, 128), (100,), (10, 100), (10,)]
OPTIMIZERS = {
    "sgd": lambda p: torch.optim.SGD(p, lr=1e-3, momentum=0.9),
    "adam": lambda p: torch.optim.Adam(p, lr=1e-3),
    "adam (foreach=True)": lambda p: torch.optim.Adam(p, lr=1e-3, foreach=True),
    "rmsprop": lambda p: torch.optim.RMSprop(p, lr=1e-3),
    "rmsprop:momentum=0.9": lambda p: torch.optim.RMSprop(p, lr=1e-3, momentum=0.9),
    "rmsprop:centered=true,momentum=0.9": lambda p: torch.optim.RMSprop(p, lr=1e-3, momentum=0.9, centered=True),
    "adagrad": lambda p: torch.optim.Adagrad(p, lr=1e-3),
    "radam": lambda p: torch.optim.RAdam(p, lr=1e-3),
    "nadam": lambda p: torch.optim.NAdam(p, lr=1e-3),
    "nadam (foreach=True)": lambda p: torch.optim.NAdam(p, lr=1e-3, foreach=True),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=2000)
    args = ap.parse_args()
    torch.set_num_threads(1)
    g = torch.Generator().manual_seed(0)
    for name, make in OPTIMIZERS.items():
        params = [torch.nn.Parameter((torch.rand(s, generator=g) - 0.5) * 0.1) for s in SHAPES]
        for p in params:
            p.grad = (torch.rand(p.shape, generator=g) - 0.5) * 1e-2
        opt = make(params)
        for _ in range(200):
            opt.step()
        rounds = []
        for _ in range(7):
            t = time.perf_counter()
            for _ in range(args.repeat):
                opt.step()
            rounds.append((time.perf_counter() - t) / args.repeat * 1e6)
        print(f"{name:36s} min {min(rounds):8.1f} us   median {statistics.median(rounds):8.1f} us")


if __name__ == "__main__":
    with torch.no_grad():
        main()
