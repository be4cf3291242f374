"""Peer check for --init-from --torch-layout (issue 13): train a small torch MLP and CNN that mirror InitLab specs on a few
Fashion-MNIST images, save their state dicts as .safetensors (written by hand: the format is an 8-byte header length, a JSON
header and the raw little-endian data), and save the inputs and torch's eval-mode logits.

    /usr/bin/python3 bench/peers/pretrained_torch.py tests/InitLab.Tests/Pretrained/Fixtures

Models (torch.nn.Sequential indices equal InitLab's layers.N):
    mlp:784-16-10 --act tanh    Linear(784,16) Tanh Linear(16,10)
    cnn:c4-p-f8-10 --act relu   Conv2d(1,4,3,padding=1) ReLU MaxPool2d(2) Flatten Linear(784,8) ReLU Linear(8,10)
"""
import gzip, json, struct, sys
import numpy as np
import torch

out = sys.argv[1]
torch.manual_seed(13)

def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)

root = "/usr/share/datasets/fashion-mnist/"
images = torch.tensor(idx(root + "train-images-idx3-ubyte.gz")[:256] / 255.0, dtype=torch.float32).unsqueeze(1)
labels = torch.tensor(idx(root + "train-labels-idx1-ubyte.gz")[:256].astype(np.int64))

def save(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        raw = t.detach().contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))

models = {
    "mlp": (torch.nn.Sequential(torch.nn.Linear(784, 16), torch.nn.Tanh(), torch.nn.Linear(16, 10)), True),
    "cnn": (torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(),
                                torch.nn.Linear(784, 8), torch.nn.ReLU(), torch.nn.Linear(8, 10)), False),
}
probe = images[:8]
io = {"inputs": probe.reshape(8, 784)}
for name, (model, flat) in models.items():
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for step in range(20):
        x = images[step * 12 % 240:][:16]
        loss = torch.nn.functional.cross_entropy(model(x.reshape(-1, 784) if flat else x), labels[step * 12 % 240:][:16])
        opt.zero_grad(); loss.backward(); opt.step()
    model.eval()
    with torch.no_grad():
        io[name + ".logits"] = model(probe.reshape(8, 784) if flat else probe)
    save(f"{out}/{name}.safetensors", model.state_dict())
save(f"{out}/io.safetensors", io)
print({k: float(v.abs().max()) for k, v in io.items()})
