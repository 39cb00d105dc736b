#!/usr/bin/python3
"""Reference solutions of the companion notebook's eight exercises (scripts/pytorch/cifar10_cpu_vs_gpu.py).

The served notebook holds a starter with # TODO lines in each exercise cell (`# %% exercise NAME from
notebook_solutions.py`); the build can put the region NAME of this file there instead
(src/notebook/companion-notebook.ts, `companionNotebook({ solutions: true })`), which is how the course's
test runs the notebook with every check passing. Checked by scripts/pytorch/notebook_checks.py.
"""
import os

import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader


# notebook: begin device
def pick_device():
    """The best device here: the accelerator if one works (CUDA, MPS, ...), else the CPU."""
    if hasattr(torch, "accelerator"):  # PyTorch 2.6 and later
        try:
            found = torch.accelerator.current_accelerator(check_available=True)  # 2.7 and later
        except TypeError:  # 2.6: no check_available, so ask first
            found = torch.accelerator.current_accelerator() if torch.accelerator.is_available() else None
        return found if found is not None else torch.device("cpu")
    # Older PyTorch: the classic pattern.
    if torch.cuda.is_available():
        return torch.device("cuda")
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")
# notebook: end device


# notebook: begin timing
def time_on_gpu(work):
    """Runs work() once and returns how long the GPU spent on it, in milliseconds."""
    start = torch.cuda.Event(enable_timing=True)
    end = torch.cuda.Event(enable_timing=True)
    start.record()
    work()
    end.record()
    torch.cuda.synchronize()  # wait until the GPU has reached the end event
    return start.elapsed_time(end)
# notebook: end timing


# notebook: begin amp
def amp_train_step(model, optimizer, scaler, images, labels, max_norm):
    """One mixed-precision training step with gradient clipping; returns the loss."""
    device_type = images.device.type
    dtype = torch.float16 if device_type == "cuda" else torch.bfloat16
    optimizer.zero_grad(set_to_none=True)
    with torch.autocast(device_type=device_type, dtype=dtype):
        loss = F.cross_entropy(model(images), labels)
    scaler.scale(loss).backward()
    scaler.unscale_(optimizer)  # the gradients' true values, so max_norm means what it says
    torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
    scaler.step(optimizer)  # skipped if the gradients hold inf or NaN
    scaler.update()
    return loss.detach()


def make_checkpoint(model, optimizer, scaler):
    """Everything a resumed run needs, the scaler's state included."""
    return {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "scaler": scaler.state_dict()}
# notebook: end amp


# notebook: begin loader
def training_loader(dataset, device, batch_size):
    """The training DataLoader for `device`: workers prepare batches while the device trains."""
    workers = min(4, os.cpu_count() or 1)
    return DataLoader(
        dataset,
        batch_size=batch_size,
        shuffle=True,
        num_workers=workers,
        pin_memory=device.type == "cuda",  # page-locked memory: asynchronous copies to the GPU
        persistent_workers=workers > 0,  # keep the workers from one epoch to the next
    )
# notebook: end loader


# notebook: begin placement
def train_on(device, model, batches):
    """One pass of SGD over `batches` on `device`; returns how many predictions were right, counted there."""
    model.to(device)  # before creating the optimizer, so it holds the moved weights
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    correct = torch.zeros((), dtype=torch.long, device=device)  # a new tensor: created on the device
    for images, labels in batches:
        images, labels = images.to(device), labels.to(device)  # a DataLoader's batches arrive on the CPU
        optimizer.zero_grad(set_to_none=True)
        logits = model(images)
        F.cross_entropy(logits, labels).backward()
        optimizer.step()
        correct += (logits.argmax(dim=1) == labels).sum()
    return correct
# notebook: end placement


# notebook: begin accumulation
def accumulate_gradients(model, optimizer, micro_batches, accumulation_steps):
    """Trains on micro-batches as if each run of `accumulation_steps` of them were one big batch."""
    optimizer.zero_grad(set_to_none=True)
    for number, (images, labels) in enumerate(micro_batches, start=1):
        loss = F.cross_entropy(model(images), labels) / accumulation_steps  # backward() adds: this makes the sum a mean
        loss.backward()
        if number % accumulation_steps == 0:
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
# notebook: end accumulation


# notebook: begin epoch_loss
def epoch_mean_loss(train_step, batches, device):
    """Runs train_step(images, labels) on every batch; returns the epoch's mean loss, read from the device once."""
    loss_sum = torch.zeros((), device=device)
    for images, labels in batches:
        loss_sum += train_step(images, labels).detach()  # stays on the device: no waiting
    return loss_sum.item() / len(batches)  # the epoch's one read
# notebook: end epoch_loss


# notebook: begin benchmark
import statistics


def median_time(step, synchronize, clock, warmup=3, repeats=5):
    """The median time of step(), in the clock's unit, after an untimed warm-up."""
    for _ in range(warmup):
        step()
    times = []
    for _ in range(repeats):
        synchronize()  # nothing from before may still be running when the clock starts
        started = clock()
        step()
        synchronize()  # the step's work has finished, not just been queued
        times.append(clock() - started)
    return statistics.median(times)
# notebook: end benchmark
