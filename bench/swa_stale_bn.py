"""Puts a run's stochastic weight average into a copy of the run, for `initlab ensemble` to evaluate (docs/results.md, SWA).

Run: /usr/bin/python3 bench/swa_stale_bn.py RUN_DIR OUT_DIR {stale,updated}
OUT_DIR gets RUN_DIR's config.json and its last epoch checkpoint with every parameter replaced by swa.safetensors'.
stale keeps the checkpoint's batch-norm running statistics (the last iterate's: SWA without update_bn); updated takes
swa.safetensors' recomputed ones (then `initlab ensemble OUT_DIR` must report the run's own swa_test_accuracy).
"""
import json
import os
import shutil
import struct
import sys


def read(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    meta = header.pop("__metadata__", {})
    return meta, {k: (v["dtype"], v["shape"], data[v["data_offsets"][0]:v["data_offsets"][1]]) for k, v in header.items()}


def write(path, meta, tensors):
    header, offset, blobs = {"__metadata__": meta}, 0, []
    for name, (dtype, shape, blob) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


run, out, mode = sys.argv[1:4]
last = sorted(f for f in os.listdir(run) if f.startswith("epoch-"))[-1]
meta, checkpoint = read(os.path.join(run, last))
_, swa = read(os.path.join(run, "swa.safetensors"))
for name, tensor in swa.items():
    if mode == "updated" or not name.endswith(("running_mean", "running_var")):
        assert checkpoint[name][:2] == tensor[:2], name
        checkpoint[name] = tensor
os.makedirs(out, exist_ok=True)
shutil.copy(os.path.join(run, "config.json"), out)
write(os.path.join(out, last), meta, checkpoint)
