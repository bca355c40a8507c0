"""One training epoch of the seed CNN (and of one Dense layer on pixels) in PyTorch, on the rows the .NET
benchmark uses (`-- --epoch ROWS`): the first ROWS training images of Fashion-MNIST, standardized with their own
mean and deviation, preloaded as tensors, batch 64, Adam 1e-3, shuffled by randperm, nothing read back per batch.

    /usr/bin/python3 benchmarks/pytorch/epoch.py [ROWS] [ROUNDS] [THREADS]

Prints the median epoch time of ROUNDS epochs (each with fresh weights) per model. THREADS defaults to the number of
cores, as TorchSharp's libtorch uses (Debian's PyTorch build would otherwise use one thread on this machine).
"""
import gzip
import os
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 12_000
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 5
THREADS = int(sys.argv[3]) if len(sys.argv) > 3 else os.cpu_count()
BATCH = 64
torch.set_num_threads(THREADS)
FULL = "/usr/share/datasets/fashion-mnist"
BUNDLED = os.path.join(os.path.dirname(__file__), "..", "..", "data", "fashion-mnist")


def idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(directory, name):
    for candidate in (name + ".gz", name):
        path = os.path.join(directory, candidate)
        if os.path.exists(path):
            return path
    return None


directory = FULL if find(FULL, "train-images-idx3-ubyte") else BUNDLED
images = idx(find(directory, "train-images-idx3-ubyte"))[:ROWS].astype(np.float32)
labels = idx(find(directory, "train-labels-idx1-ubyte"))[:ROWS].astype(np.int64)
images = (images - images.mean()) / images.std()
x = torch.from_numpy(images).unsqueeze(1).contiguous()
y = torch.from_numpy(labels)


def network(model):
    if model == "seed CNN":
        return nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(64, 64, 3), nn.ReLU(), nn.Flatten(),
            nn.Linear(576, 64), nn.ReLU(), nn.Linear(64, 10))
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 10))


def epoch(model, seed):
    torch.manual_seed(seed)
    net = network(model)
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    start = time.perf_counter()
    order = torch.randperm(len(x))
    for first in range(0, len(x), BATCH):
        batch = order[first:first + BATCH]
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(net(x.index_select(0, batch)), y.index_select(0, batch))
        loss.backward()
        optimizer.step()
    return time.perf_counter() - start


print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads, {len(x):,} rows of {directory}, batch {BATCH}, {ROUNDS} rounds")
for model in ("seed CNN", "Dense on pixels"):
    times = [epoch(model, seed) for seed in range(ROUNDS)]
    median = statistics.median(times)
    print(f"{model}: median {median:.3f} s ({len(x) / median:,.0f} rows/s); epochs: {', '.join(f'{t:.2f}' for t in times)}")
