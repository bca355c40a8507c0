"""Trains the exported model with PyTorch's own distributed engine (written by Percepti.Core).

One process:            python3 train.py
One machine, N procs:   torchrun --nproc_per_node=N train.py
Several machines:       torchrun --nnodes=M --nproc_per_node=N --rdzv_backend=c10d --rdzv_endpoint=HOST:PORT train.py

config.json holds the training options of the Percepti.Core run; data/ the preprocessed splits as NPY files. Every
process logs one JSON line per epoch (its rank, batches and loss); rank 0 also evaluates the validation split and
writes metrics.jsonl, history.json and weights.safetensors (Percepti.Core's parameter names), and, when the export
holds a test split, test_predictions.json. Needs PyTorch 1.13 or later; nccl on GPUs, gloo on CPUs.
"""
import json
import math
import os

import numpy as np
import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

from model import Model
from safetensors_io import save_file

HERE = os.path.dirname(os.path.abspath(__file__))


def load_split(config, split):
    columns = config["inputs"] + [head["target"] for head in config["heads"]]
    paths = [os.path.join(HERE, "data", f"{split}_{column}.npy") for column in columns]
    if not all(os.path.exists(p) for p in paths):
        return None
    return TensorDataset(*[torch.from_numpy(np.load(p)) for p in paths])


def head_loss(head, prediction, target):
    if head["kind"] == "classification":
        weight = torch.tensor(head["class_weights"], dtype=prediction.dtype, device=prediction.device) if head["class_weights"] else None
        return F.cross_entropy(prediction, target, weight=weight, label_smoothing=head["label_smoothing"])
    if head["loss"] == "mae":
        return F.l1_loss(prediction, target)
    if head["loss"] == "huber":
        return F.huber_loss(prediction, target, delta=head["delta"])
    return F.mse_loss(prediction, target)


def learning_rate(config, step, total_steps, epoch):
    """The rate of a step (1-based), as Percepti.Core's schedules compute it."""
    peak, progress = config["learning_rate"], (step - 1) / max(total_steps, 1)
    schedule = config["schedule"]
    if schedule == "step":
        return peak * config["step_gamma"] ** ((epoch - 1) // config["step_epochs"])
    if schedule == "cosine":
        return peak * 0.5 * (1 + math.cos(math.pi * progress))
    if schedule == "onecycle":
        if progress < 0.3:
            return peak * (0.04 + 0.96 * progress / 0.3)
        return peak * 0.5 * (1 + math.cos(math.pi * (progress - 0.3) / 0.7))
    return peak


def optimizer_for(config, parameters):
    kind, lr, decay, momentum = config["optimizer"], config["learning_rate"], config["weight_decay"], config["momentum"]
    if kind == "sgd":
        return torch.optim.SGD(parameters, lr=lr, momentum=momentum, weight_decay=decay, nesterov=config["nesterov"] and momentum > 0)
    if kind == "adamw":
        return torch.optim.AdamW(parameters, lr=lr, weight_decay=decay)
    if kind == "rmsprop":
        return torch.optim.RMSprop(parameters, lr=lr, momentum=momentum, weight_decay=decay)
    if kind == "adagrad":
        return torch.optim.Adagrad(parameters, lr=lr, weight_decay=decay)
    return torch.optim.Adam(parameters, lr=lr, weight_decay=decay)


def outputs_of(model, inputs):
    outputs = model(*inputs)
    return outputs if isinstance(outputs, tuple) else (outputs,)


def evaluate(model, dataset, config, device):
    """Loss and (for a first classification head) accuracy and predicted classes over a split, in eval mode."""
    model.eval()
    inputs_count, heads = len(config["inputs"]), config["heads"]
    loss_sum, correct, seen, predicted = 0.0, 0, 0, []
    with torch.no_grad():
        for batch in DataLoader(dataset, batch_size=max(config["batch_size"], 256)):
            batch = [t.to(device) for t in batch]
            outputs = outputs_of(model, batch[:inputs_count])
            targets = batch[inputs_count:]
            loss = sum(head_loss(h, outputs[i], targets[i]) for i, h in enumerate(heads))
            rows = targets[0].shape[0]
            loss_sum += loss.item() * rows
            seen += rows
            if heads[0]["kind"] == "classification":
                classes = outputs[0].argmax(1)
                correct += (classes == targets[0]).sum().item()
                predicted += classes.cpu().tolist()
    result = {"loss": loss_sum / max(seen, 1)}
    if heads[0]["kind"] == "classification":
        result["accuracy"] = correct / max(seen, 1)
    return result, predicted


def main():
    with open(os.path.join(HERE, "config.json")) as f:
        config = json.load(f)
    distributed = int(os.environ.get("WORLD_SIZE", "1")) > 1
    cuda = torch.cuda.is_available()
    if distributed:
        dist.init_process_group("nccl" if cuda else "gloo")
        rank, world, local = dist.get_rank(), dist.get_world_size(), int(os.environ.get("LOCAL_RANK", "0"))
    else:
        rank, world, local = 0, 1, 0
    device = torch.device(f"cuda:{local}") if cuda else torch.device("cpu")
    if cuda:
        torch.cuda.set_device(device)
    torch.manual_seed(config["seed"])

    train = load_split(config, "train")
    sampler = DistributedSampler(train, num_replicas=world, rank=rank, shuffle=True, seed=config["seed"]) if distributed else None
    generator = torch.Generator()
    generator.manual_seed(config["seed"])
    loader = DataLoader(train, batch_size=config["batch_size"], sampler=sampler, shuffle=sampler is None, generator=generator)
    model = Model().to(device)
    trained = DistributedDataParallel(model, device_ids=[local] if cuda else None) if distributed else model
    optimizer = optimizer_for(config, trained.parameters())
    inputs_count, heads = len(config["inputs"]), config["heads"]
    validation, test = load_split(config, "validation"), load_split(config, "test")

    history, step, total_steps = [], 0, config["epochs"] * len(loader)
    for epoch in range(1, config["epochs"] + 1):
        if sampler is not None:
            sampler.set_epoch(epoch)
        trained.train()
        sums = torch.zeros(3, dtype=torch.float64, device=device)  # loss * rows, correct, rows
        batches = 0
        for batch in loader:
            step += 1
            batches += 1
            for group in optimizer.param_groups:
                group["lr"] = learning_rate(config, step, total_steps, epoch)
            batch = [t.to(device, non_blocking=True) for t in batch]
            outputs = outputs_of(trained, batch[:inputs_count])
            targets = batch[inputs_count:]
            loss = sum(head_loss(h, outputs[i], targets[i]) for i, h in enumerate(heads))
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            if config["gradient_clip_norm"] is not None:
                torch.nn.utils.clip_grad_norm_(trained.parameters(), config["gradient_clip_norm"])
            optimizer.step()
            rows = targets[0].shape[0]
            sums[0] += loss.detach().double() * rows
            sums[2] += rows
            if heads[0]["kind"] == "classification":
                sums[1] += (outputs[0].argmax(1) == targets[0]).sum()
        local_loss = (sums[0] / sums[2]).item()
        print(json.dumps({"rank": rank, "world": world, "epoch": epoch, "batches": batches, "rows": int(sums[2].item()), "loss": local_loss}), flush=True)
        if distributed:
            dist.all_reduce(sums)
        metrics = {"loss": (sums[0] / sums[2]).item()}
        if heads[0]["kind"] == "classification":
            metrics["accuracy"] = (sums[1] / sums[2]).item()
        if rank == 0 and validation is not None and len(validation) > 0:
            scores, _ = evaluate(model, validation, config, device)
            metrics.update({"val_" + k: v for k, v in scores.items()})
        metrics["lr"] = optimizer.param_groups[0]["lr"]
        history.append(metrics)
        if rank == 0:
            with open(os.path.join(HERE, "metrics.jsonl"), "a") as f:
                f.write(json.dumps({"epoch": epoch, **metrics}) + "\n")
        if distributed:
            dist.barrier()

    if rank == 0:
        save_file(model.state_dict(), os.path.join(HERE, "weights.safetensors"), {"format": "pt", "producer": "train.py"})
        with open(os.path.join(HERE, "history.json"), "w") as f:
            json.dump(history, f, indent=1)
        if test is not None and len(test) > 0:
            scores, predicted = evaluate(model, test, config, device)
            with open(os.path.join(HERE, "test_predictions.json"), "w") as f:
                json.dump({**scores, "classes": predicted}, f)
    if distributed:
        dist.barrier()
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
