"""Fixture for --init-from on a torch state dict with integer tensors (issue 13): BatchNorm1d's num_batches_tracked is int64.

    /usr/bin/python3 bench/peers/batchnorm_state_dict.py tests/InitLab.Tests/Pretrained/Fixtures

Sequential(Linear(784, 4), BatchNorm1d(4), ReLU, Linear(4, 10)) = mlp:784-4-10 --norm batch, three training-mode forward
passes on random inputs (so running_mean/var move and num_batches_tracked = 3), its state dict written as bn.safetensors by
hand (I64 for num_batches_tracked, F32 for the rest, in state-dict order). Prints each tensor's first values for the test.
"""
import json, struct, sys
import torch

torch.manual_seed(7)
model = torch.nn.Sequential(torch.nn.Linear(784, 4), torch.nn.BatchNorm1d(4), torch.nn.ReLU(), torch.nn.Linear(4, 10))
model.train()
with torch.no_grad():
    for _ in range(3):
        model(torch.randn(16, 784))

header, blobs, offset = {}, [], 0
for name, t in model.state_dict().items():
    code = {torch.float32: "F32", torch.int64: "I64"}[t.dtype]
    raw = t.contiguous().numpy().astype("<f4" if code == "F32" else "<i8").tobytes()
    header[name] = {"dtype": code, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
    blobs.append(raw)
    offset += len(raw)
    print(name, code, list(t.shape), t.reshape(-1)[:3].tolist())
text = json.dumps(header, separators=(",", ":")).encode()
text += b" " * (-len(text) % 8)
with open(sys.argv[1] + "/bn.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
