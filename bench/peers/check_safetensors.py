#!/usr/bin/python3
"""Reads `initlab init --out FILE.safetensors` with NumPy and PyTorch only, parsing the format by hand
(8-byte little-endian header length, JSON header, raw little-endian data), since the `safetensors`
package is not installed here. Compares every dtype bit for bit with the same init written as .npy.
Run from the repository root: /usr/bin/python3 bench/peers/check_safetensors.py"""
import json, os, struct, subprocess, sys, tempfile

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NUMPY = {"F32": np.float32, "F64": np.float64, "F16": np.float16, "BF16": np.uint16}
TORCH = {"F32": torch.float32, "F64": torch.float64, "F16": torch.float16, "BF16": torch.bfloat16}


def read_safetensors(path):
    with open(path, "rb") as f:
        blob = f.read()
    (length,) = struct.unpack("<Q", blob[:8])
    assert length % 8 == 0, f"header length {length} is not a multiple of 8"
    header = json.loads(blob[8:8 + length])
    metadata = header.pop("__metadata__", {})
    data = blob[8 + length:]
    tensors = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        raw = data[begin:end]
        array = np.frombuffer(raw, dtype=NUMPY[entry["dtype"]]).reshape(entry["shape"])
        tensor = torch.frombuffer(bytearray(raw), dtype=TORCH[entry["dtype"]]).reshape(entry["shape"])
        tensors[name] = (entry["dtype"], array, tensor)
    return metadata, tensors


def initlab(*args):
    subprocess.run([os.path.join(ROOT, "initlab"), *args], check=True, capture_output=True, text=True)


def main():
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for dtype in ["float32", "float64", "float16", "bfloat16"]:
            common = ["init", "he-normal", "--shape", "32,16,3,3", "--seed", "7", "--name", "conv1.weight", "--dtype", dtype]
            st, npy = os.path.join(tmp, f"{dtype}.safetensors"), os.path.join(tmp, f"{dtype}.npy")
            initlab(*common, "--out", st)
            initlab(*common, "--out", npy)
            metadata, tensors = read_safetensors(st)
            code, array, tensor = tensors["conv1.weight"]
            reference = np.load(npy)
            same = array.shape == (32, 16, 3, 3) and np.array_equal(array.view(np.uint8), reference.view(np.uint8))
            std = float(tensor.float().std())
            expected = (2 / (16 * 9)) ** 0.5
            ok = same and metadata["scheme"] == "he-normal" and metadata["seed"] == "7" and metadata["name"] == "conv1.weight" \
                and "initlab_version" in metadata and json.loads(metadata["parameters"])["scheme"] == "he-normal" \
                and abs(std / expected - 1) < 0.05
            failures += not ok
            print(f"{dtype:9} {code:4} numpy==npy: {same}  torch std {std:.5f} (theory {expected:.5f})  "
                  f"metadata {metadata['scheme']}, seed {metadata['seed']}, version {metadata['initlab_version']}: {'ok' if ok else 'FAIL'}")
    print("all files read by NumPy and PyTorch" if failures == 0 else f"{failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
