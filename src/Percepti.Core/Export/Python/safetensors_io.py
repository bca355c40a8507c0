"""Reads and writes safetensors files with PyTorch alone (for PyTorch builds without the `safetensors` package).

Written by Percepti.Core. The format: an 8-byte little-endian header length, a JSON header naming each tensor's
dtype, shape and byte range, then the raw little-endian bytes. Nothing in the file is executed. Where the
`safetensors` package is installed, `safetensors.torch.load_file` / `save_file` read and write the same files.
"""
import json
import struct

import torch

_DTYPES = {
    "F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
    "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8, "BOOL": torch.bool,
}
_NAMES = {dtype: name for name, dtype in _DTYPES.items()}


def load_file(path):
    """Returns {name: tensor} on the CPU, after checking that the byte ranges tile the data section."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f"{path}: too short for a safetensors file")
    (length,) = struct.unpack("<Q", data[:8])
    if length < 2 or 8 + length > len(data):
        raise ValueError(f"{path}: header length {length} is out of range")
    header = json.loads(data[8:8 + length].decode("utf-8"))
    body = memoryview(data)[8 + length:]
    result, end = {}, 0
    for name, entry in sorted(((k, v) for k, v in header.items() if k != "__metadata__"), key=lambda kv: kv[1]["data_offsets"]):
        begin, stop = entry["data_offsets"]
        dtype = _DTYPES[entry["dtype"]]
        shape = [int(d) for d in entry["shape"]]
        count = 1
        for d in shape:
            count *= d
        if begin != end or stop - begin != count * torch.tensor([], dtype=dtype).element_size() or stop > len(body):
            raise ValueError(f"{path}: '{name}' has byte range [{begin}, {stop}] that does not fit its shape or the data")
        end = stop
        raw = bytearray(body[begin:stop])
        tensor = torch.frombuffer(raw, dtype=dtype) if count > 0 else torch.empty(0, dtype=dtype)
        result[name] = tensor.reshape(shape).clone()
    if end != len(body):
        raise ValueError(f"{path}: {len(body) - end} bytes after the last tensor")
    return result


def save_file(tensors, path, metadata=None):
    """Writes {name: tensor} (copied to the CPU) in name order, the header padded to 8 bytes."""
    header, chunks, offset = {"__metadata__": dict(metadata or {"format": "pt"})}, [], 0
    for name in sorted(tensors):
        tensor = tensors[name].detach().cpu().contiguous()
        raw = tensor.reshape(-1).view(torch.uint8).numpy().tobytes() if tensor.numel() > 0 else b""
        header[name] = {"dtype": _NAMES[tensor.dtype], "shape": list(tensor.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in chunks:
            f.write(raw)
