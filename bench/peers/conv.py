#!/usr/bin/python3
"""Times torch conv2d forward+backward for the convolution layers of the Fashion-MNIST CNN, matching
`initlab bench conv`: batch 128, conv1 1→32 3×3 on 28×28 and conv2 32→64 3×3 on 14×14, padding 1, with bias.
conv1's input is data, so (as in training) only conv2 computes an input gradient.
Run: /usr/bin/python3 bench/peers/conv.py [--threads T] [--repeats R] [--json]"""
import argparse, json, time
import torch

LAYERS = [("conv1", 1, 32, 28, False), ("conv2", 32, 64, 14, True)]


def time_layer(cin, cout, size, input_grad, batch, repeats):
    torch.manual_seed(0)
    conv = torch.nn.Conv2d(cin, cout, 3, padding=1)
    x = torch.randn(batch, cin, size, size, requires_grad=input_grad)
    dy = torch.randn(batch, cout, size, size)

    def step():
        conv.zero_grad(set_to_none=True)
        if x.grad is not None:
            x.grad = None
        conv(x).backward(dy)

    step()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        step()
        times.append(time.perf_counter() - t)
    times.sort()
    return 1e3 * times[len(times) // 2]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--repeats", type=int, default=21)
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    layers = [{"name": n, "ms": time_layer(ci, co, s, g, a.batch, a.repeats)} for n, ci, co, s, g in LAYERS]
    result = {"layers": layers, "total_ms": sum(l["ms"] for l in layers), "threads": a.threads}
    if a.json:
        print(json.dumps(result))
    else:
        for l in layers:
            print(f"{l['name']}: {l['ms']:.2f} ms")
        print(f"total: {result['total_ms']:.2f} ms on {a.threads} threads")


if __name__ == "__main__":
    main()
