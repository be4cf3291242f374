#!/usr/bin/python3
"""The PyTorch peer of `initlab init-model`, and a loader that checks its output with NumPy and PyTorch only.

  /usr/bin/python3 bench/peers/init_model.py torch CONFIG.json OUT_DIR [SHARD_BYTES]
      PyTorch's best approach to a model larger than its initializer's patience: the parameter tensors are created on
      the meta device (no memory), materialized with to_empty, initialized in place (normal_(0, initializer_range) for
      weights, ones_ for norms, as the models' _init_weights do) and written in the safetensors format, sharded as
      save_pretrained does, each file fsynced. The safetensors package is absent here, so the format is written by hand.
  /usr/bin/python3 bench/peers/init_model.py check OUT_DIR CONFIG.json
      Loads every shard through model.safetensors.index.json (or model.safetensors), checks names, shapes, dtypes and
      offsets against the index, and prints each tensor group's std beside the recipe's (norms: all ones).
"""
import json, math, os, struct, sys, time

import numpy as np
import torch


def llama_shapes(c):
    h, layers, heads = c["hidden_size"], c["num_hidden_layers"], c["num_attention_heads"]
    kv = c.get("num_key_value_heads", heads) * (h // heads)
    inter, vocab = c["intermediate_size"], c["vocab_size"]
    yield "model.embed_tokens.weight", (vocab, h)
    for i in range(layers):
        p = f"model.layers.{i}."
        for name, shape in [("self_attn.q_proj.weight", (h, h)), ("self_attn.k_proj.weight", (kv, h)), ("self_attn.v_proj.weight", (kv, h)),
                            ("self_attn.o_proj.weight", (h, h)), ("mlp.gate_proj.weight", (inter, h)), ("mlp.up_proj.weight", (inter, h)),
                            ("mlp.down_proj.weight", (h, inter)), ("input_layernorm.weight", (h,)), ("post_attention_layernorm.weight", (h,))]:
            yield p + name, shape
    yield "model.norm.weight", (h,)
    if not c.get("tie_word_embeddings", False):
        yield "lm_head.weight", (vocab, h)


def write_shard(path, tensors):
    header, offset = {"__metadata__": {"format": "pt"}}, 0
    for name in sorted(tensors):
        n = tensors[name].numel() * tensors[name].element_size()
        header[name] = {"dtype": "BF16", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + n]}
        offset += n
    blob = json.dumps(header, separators=(",", ":")).encode()
    blob += b" " * ((8 - len(blob) % 8) % 8)
    with open(path + ".tmp", "wb") as f:
        f.write(struct.pack("<Q", len(blob)))
        f.write(blob)
        for name in sorted(tensors):
            f.write(tensors[name].view(torch.int16).numpy().tobytes())
        f.flush()
        os.fsync(f.fileno())
    os.replace(path + ".tmp", path)


def peer(config_path, out, shard_bytes):
    c = json.load(open(config_path))
    std = c.get("initializer_range", 0.02)
    torch.set_num_threads(os.cpu_count())
    start = time.time()
    params = {name: torch.empty(shape, dtype=torch.bfloat16, device="meta") for name, shape in llama_shapes(c)}
    os.makedirs(out, exist_ok=True)
    shard, size, count = {}, 0, 0
    def flush():
        nonlocal shard, size, count
        count += 1
        write_shard(os.path.join(out, f"torch-{count:05d}.safetensors"), shard)
        shard, size = {}, 0
    for name, meta in params.items():
        t = torch.empty_like(meta, device="cpu")          # to_empty, one tensor at a time
        if name.endswith("norm.weight"):
            torch.nn.init.ones_(t)
        else:
            torch.nn.init.normal_(t, 0.0, std)
        n = t.numel() * 2
        if shard and size + n > shard_bytes:
            flush()
        shard[name], size = t, size + n
    if shard:
        flush()
    total = sum(p.numel() * 2 for p in params.values())
    seconds = time.time() - start
    print(f"torch: {total / 1e9:.2f} GB in {seconds:.1f} s: {total / 1e9 / seconds:.2f} GB/s")


def check(out, config_path):
    c = json.load(open(config_path))
    index_path = os.path.join(out, "model.safetensors.index.json")
    weight_map = json.load(open(index_path))["weight_map"] if os.path.exists(index_path) else None
    files = sorted(set(weight_map.values())) if weight_map else ["model.safetensors"]
    seen, stds = {}, {}
    for file in files:
        blob = open(os.path.join(out, file), "rb").read()
        (n,) = struct.unpack("<Q", blob[:8])
        header = json.loads(blob[8:8 + n])
        header.pop("__metadata__", None)
        end = 0
        for name, e in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0]):
            b0, b1 = e["data_offsets"]
            assert b0 == end, f"{file}: {name} starts at {b0}, expected {end}"
            end = b1
            assert weight_map is None or weight_map[name] == file, f"{name} is in {file}, the index says {weight_map[name]}"
            t = torch.frombuffer(bytearray(blob[8 + n + b0:8 + n + b1]), dtype=torch.bfloat16).reshape(e["shape"])
            seen[name] = tuple(t.shape)
            group = name.split(".")[-2] if name.count(".") > 1 else name
            stds.setdefault(group, []).append(t.float().std().item() if t.numel() > 1 else float(t.float()[0]))
        assert end == len(blob) - 8 - n, f"{file}: data ends at {end}, the file has {len(blob) - 8 - n}"
    expected = dict(llama_shapes(c))
    assert seen == {k: tuple(v) for k, v in expected.items()}, "names or shapes differ from the config"
    print(f"{len(seen)} tensors in {len(files)} files load in PyTorch {torch.__version__}; names, shapes and offsets match the config")
    for group, values in sorted(stds.items()):
        print(f"  {group:28s} std {np.mean(values):.6f} (over {len(values)} tensors)")


if __name__ == "__main__":
    if sys.argv[1] == "torch":
        peer(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 5_000_000_000)
    else:
        check(sys.argv[2], sys.argv[3])
