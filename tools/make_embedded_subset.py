#!/usr/bin/python3
"""Builds the stratified Fashion-MNIST subset that InitLab embeds (src/InitLab/Data/Embedded).

Rule: from each split of the full dataset, keep the first K images of every class in file order
(K = 500 for train, 100 for t10k), and keep the kept images in their original file order. The chosen
0-based indices into the full files are written beside the data as IDX int32 vectors
(`train-indices-idx1-int.gz`, `t10k-indices-idx1-int.gz`), so a reader can check every image against
the full dataset. Output is byte-reproducible: gzip level 9 with mtime 0 and no file name.

Run: /usr/bin/python3 tools/make_embedded_subset.py [SOURCE_DIR] [OUT_DIR]
(defaults: /usr/share/datasets/fashion-mnist, src/InitLab/Data/Embedded)"""
import gzip, os, struct, sys
import numpy as np

PER_CLASS = {"train": 500, "t10k": 100}
CLASSES = 10


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    assert zero == 0 and dtype == 0x08, f"{path}: expected an unsigned-byte IDX file"
    shape = struct.unpack(f">{ndim}I", data[4:4 + 4 * ndim])
    return np.frombuffer(data[4 + 4 * ndim:], np.uint8).reshape(shape)


def write_idx(path, array, dtype_code, big_endian_dtype):
    header = struct.pack(">HBB", 0, dtype_code, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    payload = header + array.astype(big_endian_dtype).tobytes()
    with open(path, "wb") as f:
        f.write(gzip.compress(payload, compresslevel=9, mtime=0))


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "src", "InitLab", "Data", "Embedded")
    for split, k in PER_CLASS.items():
        images = read_idx(os.path.join(source, f"{split}-images-idx3-ubyte.gz"))
        labels = read_idx(os.path.join(source, f"{split}-labels-idx1-ubyte.gz"))
        chosen = np.sort(np.concatenate([np.flatnonzero(labels == c)[:k] for c in range(CLASSES)]))
        assert np.all(np.bincount(labels[chosen], minlength=CLASSES) == k)
        write_idx(os.path.join(out, f"{split}-images-idx3-ubyte.gz"), images[chosen], 0x08, ">u1")
        write_idx(os.path.join(out, f"{split}-labels-idx1-ubyte.gz"), labels[chosen], 0x08, ">u1")
        write_idx(os.path.join(out, f"{split}-indices-idx1-int.gz"), chosen.astype(np.int64), 0x0C, ">i4")
        print(f"{split}: {len(chosen)} images, {k} per class, indices {chosen[0]}..{chosen[-1]}")


if __name__ == "__main__":
    main()
