#!/usr/bin/python3
"""The project lesson's companion notebook, as a Python script in the percent format.

Every `# %%` line starts a notebook cell (`# %% [markdown]` a text cell, its lines written as comments). The
build turns this file into the download /downloads/cifar10-cpu-vs-gpu.ipynb (src/notebook/percent-notebook.ts,
served by src/pages/downloads/cifar10-cpu-vs-gpu.ipynb.ts); this text before the first cell is left out.

The cell marked `# %% shared from cnn_reference.py: ...` imports the project's PyTorch reference here, and
the build replaces its body by the code of the named regions of cnn_reference.py, so the notebook is one
self-contained file on Colab and the network, FLOP count and clocks exist once in the repository.

Run as a script it works too (python3 scripts/pytorch/cifar10_cpu_vs_gpu.py). Environment variables, used
by the test that executes the built notebook (tests/unit/companion-notebook-run.test.ts):

  CNN_NOTEBOOK_TINY=1        a tiny slice (512 training and 256 test images, one epoch, short sweeps)
  CNN_NOTEBOOK_RECORDS=DIR   read DIR/train.bin and DIR/test.bin (official CIFAR-10 binary records)
                             instead of downloading CIFAR-10 with torchvision
  CNN_NOTEBOOK_OUTPUT=FILE   where to write the results JSON (default: cifar10-cpu-vs-gpu-results.json)

The results file's format is documented, and checked when the CNN lab imports it, in
src/cnn-results/notebook-results-format.ts.

The exercise cells (`# %% exercise NAME from notebook_solutions.py`) hold the learner's starters; the build
can put the reference solutions of scripts/pytorch/notebook_solutions.py there instead. The check cells call
the checks of scripts/pytorch/notebook_checks.py, copied into the notebook like the reference's code.
"""

# %% [markdown]
# # The project on a CPU and a GPU
#
# This notebook comes with the course's project lesson, *Implementing and benchmarking GPU-accelerated models*.
# It trains the project's small CNN on CIFAR-10 on the CPU and on the GPU and times both runs properly,
# then goes further than the original project notebook:
#
# 1. **CPU against GPU**: the project's run (10 epochs of 50,000 images, batch 64, Adam at 0.001), with an
#    untimed warm-up and a clock that waits for the GPU.
# 2. **Mixed precision**: the same run under `torch.autocast`, in float16 with a gradient scaler on the GPU.
# 3. **The data loader**: how fast batches arrive with 0, 1, 2 or 4 worker processes, with and without
#    pinned memory.
# 4. **A profile**: `torch.profiler`'s table of a few training steps.
# 5. **The optimisation ladder**: eight rungs, from the project's loop to `torch.compile`, each measured on
#    this runtime's device and kept only if the accuracy holds.
# 6. **Your turn**: eight short pieces of code to complete (the device pattern, GPU timing with events, a
#    mixed-precision step with a gradient scaler, the DataLoader's settings, one device for everything,
#    gradient accumulation, the loss read once per epoch, a fair benchmark), each followed by a cell that
#    checks it and says what to fix.
#
# At the end it writes `cifar10-cpu-vs-gpu-results.json`. In the lesson, the CNN lab's results have an
# **Add your Colab result** button: give it that file and your runs appear beside the project's T4 reference
# and your browser's own results.
#
# **On Colab:** choose *Runtime → Change runtime type*, pick a GPU (the free T4 is fine), save, then
# *Runtime → Run all*. The first data cell downloads CIFAR-10 (about 170 MB) with torchvision. The whole
# notebook takes roughly 15 to 20 minutes on a T4 runtime, most of it the CPU run and the ladder; lower `EPOCHS` below for
# a quicker look (the lab estimates the full run from your images per second).

# %%
# Settings. The defaults repeat the project's run; the environment variables exist for the course's own
# tests, which run this notebook on a tiny slice of the data on a CPU.
import os

TINY = os.environ.get("CNN_NOTEBOOK_TINY") == "1"
RECORDS_DIR = os.environ.get("CNN_NOTEBOOK_RECORDS")  # a folder with train.bin and test.bin: no download
RESULTS_FILE = os.environ.get("CNN_NOTEBOOK_OUTPUT", "cifar10-cpu-vs-gpu-results.json")

EPOCHS = 1 if TINY else 10
TRAIN_IMAGES = 512 if TINY else 50_000
TEST_IMAGES = 256 if TINY else 10_000
BATCH_SIZE = 64
LEARNING_RATE = 0.001  # Adam, as in the project
SEED = 42
NUM_WORKERS = 2  # the project's loaders: one worker per virtual CPU of a Colab runtime
WARMUP_STEPS = 2 if TINY else 20  # untimed steps before each timed run
LOADER_WORKERS = [0, 2] if TINY else [0, 1, 2, 4]  # the data-loader sweep
LOADER_BATCHES = 4 if TINY else 100  # batches timed per loader setting
PROFILE_STEPS = 3 if TINY else 20

# The results file's format: the CNN lab reads this version (src/cnn-results/notebook-results-format.ts).
RESULTS_FORMAT = "gpu-dl-course/cifar10-cpu-vs-gpu-results"
RESULTS_VERSION = 3  # 2 added "exercises", 3 the optimisation ladder; the lab still reads versions 1 and 2

# %%
# Libraries. Colab has all of them preinstalled: don't reinstall torch (see the lesson's note).
import itertools
import json
import platform
import sys
import time
import uuid
from datetime import datetime, timezone

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Subset, TensorDataset

# %% [markdown]
# ## The network and the clock
#
# The next cell is the course's PyTorch reference code, copied from `scripts/pytorch/cnn_reference.py` when
# the course site was built: the CNN (two 5 × 5 convolutions with ReLU and max-pooling, three dense layers,
# 62,006 parameters), one training step, the FLOP count per image, the device's name, and `synchronise()`,
# which waits until the GPU has finished everything queued. A CUDA call only queues work and returns, so a
# clock read without waiting first measures how fast Python queues kernels, not how fast the GPU runs them.

# %% shared from cnn_reference.py: constants, network, flops, devices, fail, records
from cnn_reference import (  # noqa: F401 (the notebook holds the code of these regions instead)
    CHANNELS,
    IMAGE_SIZE,
    NUM_CLASSES,
    Cnn,
    accuracy,
    create_training,
    device_name,
    load_records,
    synchronise,
    train_step,
    training_flops_per_image,
)

# %%
# Where this notebook runs.
HAS_GPU = torch.cuda.is_available()
CPU = torch.device("cpu")
GPU = torch.device("cuda") if HAS_GPU else None
IN_COLAB = "google.colab" in sys.modules

print(f"Python {platform.python_version()} | PyTorch {torch.__version__} | built for CUDA {torch.version.cuda}")
print(f"CPU: {device_name(CPU)} (PyTorch threads: {torch.get_num_threads()})")
if HAS_GPU:
    print(f"GPU: {device_name(GPU)}")
    print(f"Running on: the CPU, then the GPU ({device_name(GPU)})")
else:
    print("Running on: the CPU only. No CUDA GPU is visible: on Colab, choose Runtime → Change runtime type → a GPU, then run all cells again.")

# %% [markdown]
# ## The data
#
# On Colab, torchvision downloads CIFAR-10 and the training images go through the project's transform
# (`ToTensor`, then `Normalize` to −1..1) in the loader's worker processes. The test images are scaled once,
# the same way (`x / 127.5 − 1` is exactly what the two transforms compute), and kept as one tensor.

# %%
def cifar10_from_torchvision(root="./data"):
    import torchvision
    from torchvision import transforms

    to_model_input = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))])
    train = torchvision.datasets.CIFAR10(root, train=True, download=True, transform=to_model_input)
    test = torchvision.datasets.CIFAR10(root, train=False, download=True)
    test_images = torch.from_numpy(test.data).permute(0, 3, 1, 2).float() / 127.5 - 1
    return train, test_images, torch.tensor(test.targets), "CIFAR-10 (torchvision download)"


def cifar10_from_records(folder):
    """Official binary records, already scaled to -1..1 by load_records: used offline, e.g. by the course's tests."""
    train_images, train_labels = load_records(os.path.join(folder, "train.bin"))
    test_images, test_labels = load_records(os.path.join(folder, "test.bin"))
    return TensorDataset(train_images, train_labels), test_images, test_labels, "CIFAR-10 (the course's copy, binary records)"


full_train_set, test_images, test_labels, DATA_SOURCE = cifar10_from_records(RECORDS_DIR) if RECORDS_DIR else cifar10_from_torchvision()
train_set = Subset(full_train_set, range(min(TRAIN_IMAGES, len(full_train_set))))
test_images, test_labels = test_images[:TEST_IMAGES], test_labels[:TEST_IMAGES]
print(f"{DATA_SOURCE}: {len(train_set)} training and {len(test_labels)} test images{' (a tiny slice)' if TINY else ''}")


def make_loader(num_workers=NUM_WORKERS, pin_memory=False):
    """The project's training loader; seeded, so every run sees the same shuffles."""
    return DataLoader(
        train_set,
        batch_size=BATCH_SIZE,
        shuffle=True,
        num_workers=num_workers,
        pin_memory=pin_memory,
        generator=torch.Generator().manual_seed(SEED),
    )

# %% [markdown]
# ## CPU against GPU, timed correctly
#
# `train_and_time` trains a fresh network from the same seed on one device. Before the clock starts it runs a
# few untimed steps on a throwaway network: the first steps pay for creating the CUDA context, cuDNN's choice
# of algorithms and the first allocations. Each epoch's clock starts and stops only after `synchronise()`,
# and the loss stays on the device, summed there and read once per epoch, so no step waits for a `.item()`.
# The loader starts its workers again every epoch, as in the project, so that cost is part of the time.

# %%
def float32_steps():
    return train_step


def train_and_time(device, label, make_step=float32_steps, precision="float32"):
    pin = device.type == "cuda"  # pinned host memory lets the copy to the GPU run asynchronously
    loader = make_loader(pin_memory=pin)

    warm_model, warm_optimizer = create_training(1, device, SEED)
    warm_step = make_step()
    for images, labels in itertools.islice(loader, WARMUP_STEPS):
        warm_step(warm_model, warm_optimizer, images.to(device, non_blocking=pin), labels.to(device, non_blocking=pin))
    synchronise(device)
    del warm_model, warm_optimizer

    model, optimizer = create_training(1, device, SEED)
    step = make_step()
    seconds, epoch_losses = 0.0, []
    for epoch in range(EPOCHS):
        loss_sum = torch.zeros((), device=device)
        synchronise(device)
        started = time.perf_counter()
        for images, labels in loader:
            loss_sum += step(model, optimizer, images.to(device, non_blocking=pin), labels.to(device, non_blocking=pin)).detach()
        synchronise(device)
        elapsed = time.perf_counter() - started
        seconds += elapsed
        mean_loss = loss_sum.item() / len(loader)  # one read-back per epoch, after the clock stopped
        epoch_losses.append(round(mean_loss, 5))
        print(f"{label}: epoch {epoch + 1}/{EPOCHS}, mean loss {mean_loss:.4f}, {elapsed:.1f} s")

    test_accuracy = 100 * accuracy(model, test_images, test_labels, device)
    images_per_second = len(train_set) * EPOCHS / seconds
    print(f"{label}: {seconds:.1f} s of training, {images_per_second:,.0f} images/s, test accuracy {test_accuracy:.2f} %\n")
    return {
        "device": device.type,
        "device_name": device_name(device),
        "precision": precision,
        "threads": torch.get_num_threads(),
        "epochs": EPOCHS,
        "train_images": len(train_set),
        "test_images": len(test_labels),
        "seconds": round(seconds, 3),
        "images_per_second": round(images_per_second, 1),
        "gflops_per_second": round(images_per_second * training_flops_per_image(1) / 1e9, 3),
        "accuracy": round(test_accuracy, 2),
        "epoch_losses": epoch_losses,
    }


runs = [train_and_time(CPU, "CPU, float32")]
if HAS_GPU:
    runs.append(train_and_time(GPU, "GPU, float32"))
    print(f"Speed-up of the GPU over the CPU: {runs[0]['seconds'] / runs[1]['seconds']:.2f}× (the project's T4: 2.15×)")
else:
    print("No CUDA GPU: the GPU run is left out. Switch the runtime to a GPU to measure it.")

# %% [markdown]
# ## Mixed precision with `torch.autocast`
#
# Inside `torch.autocast`, PyTorch runs the operations that tolerate it (convolutions, matrix products) in
# 16-bit floats and keeps the rest, such as the loss, in float32; the weights stay float32. On a GPU the
# format is float16, whose narrow range can turn small gradients into zeros, so a `GradScaler` multiplies
# the loss before the backward pass and divides the gradients again before Adam's step (skipping a step
# whose gradients overflowed). The T4's Tensor Cores run float16 much faster than float32, but this network
# gives them little to do, so expect a small change, if any. Without a GPU the notebook still runs the code,
# on the CPU in bfloat16, which needs no scaler (and is rarely faster on a CPU).

# %%
AMP_DEVICE = GPU if HAS_GPU else CPU
AMP_DTYPE = torch.float16 if HAS_GPU else torch.bfloat16


def make_grad_scaler():
    if hasattr(torch.amp, "GradScaler"):  # PyTorch 2.3 and later
        return torch.amp.GradScaler("cuda")
    return torch.cuda.amp.GradScaler()


def backward_and_step(loss, optimizer, scaler):
    """The backward pass and the optimizer's step, through the gradient scaler when there is one."""
    if scaler is None:
        loss.backward()
        optimizer.step()
    else:
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()


def autocast_steps():
    """A training step under autocast, with its own gradient scaler on a GPU."""
    scaler = make_grad_scaler() if AMP_DEVICE.type == "cuda" else None

    def step(model, optimizer, images, labels):
        optimizer.zero_grad(set_to_none=True)
        with torch.autocast(device_type=AMP_DEVICE.type, dtype=AMP_DTYPE):
            loss = F.cross_entropy(model(images), labels)
        backward_and_step(loss, optimizer, scaler)
        return loss

    return step


precision = f"autocast {str(AMP_DTYPE).removeprefix('torch.')}"
amp_run = train_and_time(AMP_DEVICE, f"{'GPU' if HAS_GPU else 'CPU'}, {precision}", autocast_steps, precision)
runs.append(amp_run)
same_device = next(run for run in runs if run["device"] == AMP_DEVICE.type and run["precision"] == "float32")
print(f"autocast against float32 on the {AMP_DEVICE.type.upper()}: {same_device['seconds'] / amp_run['seconds']:.2f}× the speed")

# %% [markdown]
# ## How fast does the data arrive?
#
# The project's loader prepares every batch in two worker processes. This cell times the loader on its own:
# batches per second for each number of workers, and on a GPU with and without `pin_memory` (page-locked
# host memory, which lets `.to(device, non_blocking=True)` copy while the CPU carries on). The first batch of
# each setting is left out, since it pays for starting the workers. If the loader delivers fewer images per
# second than the GPU run trained, the input pipeline sets the pace, not the GPU.

# %%
def loader_speed(num_workers, pin_memory, device):
    batches = iter(make_loader(num_workers=num_workers, pin_memory=pin_memory))
    next(batches)
    synchronise(device)
    started = time.perf_counter()
    count = images_seen = 0
    for images, labels in itertools.islice(batches, LOADER_BATCHES):
        images.to(device, non_blocking=pin_memory)
        labels.to(device, non_blocking=pin_memory)
        count += 1
        images_seen += len(labels)
    synchronise(device)
    seconds = time.perf_counter() - started
    del batches  # stops the workers
    point = {"device": device.type, "num_workers": num_workers, "pin_memory": pin_memory, "batches": count, "images_per_second": round(images_seen / seconds, 1)}
    print(f"num_workers={num_workers}, pin_memory={pin_memory}: {point['images_per_second']:,.0f} images/s")
    return point


LOADER_DEVICE = GPU if HAS_GPU else CPU
loader_sweep = [loader_speed(workers, pin, LOADER_DEVICE) for workers in LOADER_WORKERS for pin in ([False, True] if HAS_GPU else [False])]

# %% [markdown]
# ## Where the time goes: `torch.profiler`
#
# A few training steps exactly as the project runs them (batches from the two-worker loader, the loss read
# with `.item()` every step), recorded after a warm-up. The lesson explains the columns; start with the two
# totals under the table, then the data loader's row (`enumerate(DataLoader)…`), `cudaLaunchKernel` and
# anything that waits, such as `cudaStreamSynchronize`.

# %%
from torch.profiler import ProfilerActivity, profile

PROFILE_DEVICE = GPU if HAS_GPU else CPU


def profile_steps():
    pin = PROFILE_DEVICE.type == "cuda"
    model, optimizer = create_training(1, PROFILE_DEVICE, SEED)
    batches = iter(make_loader(pin_memory=pin))

    def one_step():
        images, labels = next(batches)
        train_step(model, optimizer, images.to(PROFILE_DEVICE, non_blocking=pin), labels.to(PROFILE_DEVICE, non_blocking=pin)).item()

    for _ in range(WARMUP_STEPS):
        one_step()
    activities = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if pin else [])
    with profile(activities=activities) as recording:
        for _ in range(PROFILE_STEPS):
            one_step()
        synchronise(PROFILE_DEVICE)
    return recording.key_averages()


def gpu_microseconds(event, own_only):
    """The GPU time of a row: PyTorch 2.4 renamed the cuda_* fields to device_*, older versions have cuda_* only."""
    new, old = ("self_device_time_total", "self_cuda_time_total") if own_only else ("device_time_total", "cuda_time_total")
    return getattr(event, new) if hasattr(event, new) else getattr(event, old)


events = profile_steps()
print(events.table(sort_by="self_cpu_time_total", row_limit=15))
on_gpu = PROFILE_DEVICE.type == "cuda"
if on_gpu:
    gpu_sort = "device_time_total" if hasattr(events[0], "device_time_total") else "cuda_time_total"
    print(events.table(sort_by=gpu_sort, row_limit=15))

busiest = sorted(events, key=lambda event: event.self_cpu_time_total, reverse=True)[:12]
profile_summary = {
    "device": PROFILE_DEVICE.type,
    "steps": PROFILE_STEPS,
    "self_cpu_total_ms": round(sum(event.self_cpu_time_total for event in events) / 1000, 3),
    "self_device_total_ms": round(sum(gpu_microseconds(event, own_only=True) for event in events) / 1000, 3) if on_gpu else None,
    "rows": [
        {
            "name": event.key if len(event.key) <= 200 else f"{event.key[:199]}…",
            "calls": event.count,
            "self_cpu_ms": round(event.self_cpu_time_total / 1000, 3),
            "cpu_total_ms": round(event.cpu_time_total / 1000, 3),
            "self_device_ms": round(gpu_microseconds(event, own_only=True) / 1000, 3) if on_gpu else None,
            "device_total_ms": round(gpu_microseconds(event, own_only=False) / 1000, 3) if on_gpu else None,
        }
        for event in busiest
    ],
}

# %% [markdown]
# ## The optimisation ladder
#
# The runs above keep the project's recipe, so they compare devices fairly. This section asks a different
# question: how much faster can the same CNN train on this runtime's device if you remove, one at a time, the
# costs that the recipe leaves in? Each rung changes one thing, keeps every change before it that was kept, and
# trains a fresh network for `LADDER_EPOCHS` epochs. A rung is kept only if its test accuracy stays within
# `LADDER_ACCURACY_POINTS` points of the first rung's; otherwise the next rung builds on the last one kept.
#
# | Rung | What it removes |
# | --- | --- |
# | 1. The project's loop | nothing yet: `.item()` after every step, pageable copies, two loader workers |
# | 2. Loss read once per epoch | a CPU–GPU synchronisation at every step: the loss is summed on the device |
# | 3. `pin_memory` + `non_blocking` | the staging copy of pageable memory, and the wait for each copy |
# | 4. Data kept on the device | host-to-device traffic and the loader's processes: the whole set is copied once |
# | 5. Batch 256 | three launches in four: one step does the work of four (learning rate 0.002) |
# | 6. Width × 4 | idle cores: more work per launch, so the GPU's time goes into arithmetic |
# | 7. `channels_last` + autocast | memory traffic: 16-bit activations in the layout Tensor Cores read |
# | 8. `torch.compile` | Python and launch overhead: fused kernels, fewer trips through the interpreter |
#
# On a CPU runtime, rungs 3 and 7 are skipped (pinned memory only speeds up copies to a GPU, and a CPU's autocast
# is bfloat16, which most CPUs run slower), and every figure describes the CPU: the ladder is for a GPU runtime. Rung 8 needs PyTorch 2.0 or later, and its first steps compile,
# which the untimed warm-up absorbs. Rung 6 trains a network with 16 times the FLOPs per image, so compare its
# GFLOP/s as well as its images per second.

# %%
LADDER_DEVICE = GPU if HAS_GPU else CPU
LADDER_EPOCHS = 1 if TINY else 2
LADDER_ACCURACY_POINTS = 2.0

# Each rung: its id (the results file and the lesson's chart use it), what it prints, and what it changes.
LADDER_RUNGS = [
    ("seed-loop", "the project's loop", {}),
    ("loss-once-per-epoch", "loss read once per epoch", {"read_every_step": False}),
    ("pinned-non-blocking", "pin_memory + non_blocking", {"pinned": True}),
    ("data-on-device", "data kept on the device", {"resident": True}),
    ("batch-256", "batch 256", {"batch": 256, "learning_rate": 0.002}),
    ("width-4", "width × 4", {"width": 4}),
    ("channels-last-autocast", "channels_last + autocast", {"channels_last_autocast": True}),
    ("torch-compile", "torch.compile", {"compiled": True}),
]
SEED_LOOP = {
    "read_every_step": True,
    "pinned": False,
    "resident": False,
    "batch": BATCH_SIZE,
    "learning_rate": LEARNING_RATE,
    "width": 1,
    "channels_last_autocast": False,
    "compiled": False,
}


def rung_skipped(rung_id):
    """Why a rung cannot run here, or None."""
    if rung_id == "pinned-non-blocking" and LADDER_DEVICE.type != "cuda":
        return "needs a CUDA GPU: pinned memory only speeds up copies to a GPU"
    if rung_id == "channels-last-autocast" and LADDER_DEVICE.type != "cuda":
        return "needs a CUDA GPU: on a CPU autocast means bfloat16, which most CPUs run slower (the autocast run above shows it)"
    if rung_id == "torch-compile" and not hasattr(torch, "compile"):
        return f"needs PyTorch 2.0 or later (this is {torch.__version__})"
    return None


def resident_training_set(device):
    """The training images and labels as two tensors on `device`, through the project's transform, copied once."""
    loader = DataLoader(train_set, batch_size=1000, shuffle=False, num_workers=NUM_WORKERS)
    images, labels = zip(*loader)
    return torch.cat(images).to(device), torch.cat(labels).to(device)


def ladder_batches(config, device, resident, generator):
    """One epoch of (images, labels) on `device`, shuffled: from the loader, or indexed from the resident copy."""
    if config["resident"]:
        images, labels = resident
        order = torch.randperm(len(labels), generator=generator).to(device)
        for start in range(0, len(labels), config["batch"]):
            chosen = order[start : start + config["batch"]]
            yield images[chosen], labels[chosen]
        return
    pinned = config["pinned"]
    loader = DataLoader(train_set, batch_size=config["batch"], shuffle=True, num_workers=NUM_WORKERS, pin_memory=pinned, generator=generator)
    for images, labels in loader:
        yield images.to(device, non_blocking=pinned), labels.to(device, non_blocking=pinned)


def ladder_step_function(config, device):
    """A training step for this configuration; returns (model, step), where step(images, labels) returns the loss."""
    model, optimizer = create_training(config["width"], device, SEED)
    for group in optimizer.param_groups:
        group["lr"] = config["learning_rate"]
    if config["channels_last_autocast"]:
        model = model.to(memory_format=torch.channels_last)
    trained = torch.compile(model) if config["compiled"] else model
    mixed = config["channels_last_autocast"]
    dtype = torch.float16 if device.type == "cuda" else torch.bfloat16
    scaler = make_grad_scaler() if mixed and device.type == "cuda" else None

    def step(images, labels):
        if mixed:
            images = images.contiguous(memory_format=torch.channels_last)
        optimizer.zero_grad(set_to_none=True)
        with torch.autocast(device_type=device.type, dtype=dtype, enabled=mixed):
            loss = F.cross_entropy(trained(images), labels)
        backward_and_step(loss, optimizer, scaler)
        return loss.detach()

    return model, step


def climb_rung(config, device, resident):
    model, step = ladder_step_function(config, device)
    generator = torch.Generator().manual_seed(SEED)
    warm = ladder_batches(config, device, resident, generator)
    for images, labels in itertools.islice(warm, WARMUP_STEPS):  # untimed: CUDA context, cuDNN, compilation
        step(images, labels)
    warm.close()
    images_seen, seconds = 0, 0.0
    for _ in range(LADDER_EPOCHS):
        loss_sum = torch.zeros((), device=device)
        synchronise(device)
        started = time.perf_counter()
        for images, labels in ladder_batches(config, device, resident, generator):
            loss = step(images, labels)
            loss_sum += loss
            if config["read_every_step"]:
                loss.item()  # a read-back, as the project's loop does: the CPU waits for the GPU here, every step
            images_seen += len(labels)
        synchronise(device)
        seconds += time.perf_counter() - started
        loss_sum.item()
    test_accuracy = 100 * accuracy(model, test_images, test_labels, device)
    images_per_second = images_seen / seconds
    return {
        "images_per_second": round(images_per_second, 1),
        "gflops_per_second": round(images_per_second * training_flops_per_image(config["width"]) / 1e9, 3),
        "accuracy": round(test_accuracy, 2),
        "seconds": round(seconds, 3),
    }


def climb_ladder(device):
    resident = None
    kept_config, first_accuracy, rungs = dict(SEED_LOOP), None, []
    for rung_id, label, change in LADDER_RUNGS:
        reason = rung_skipped(rung_id)
        if reason is not None:
            print(f"{label}: skipped, {reason}")
            rungs.append({"step": rung_id, "kept": False, "skipped": reason, "images_per_second": None, "gflops_per_second": None, "accuracy": None, "seconds": None})
            continue
        config = {**kept_config, **change}
        if config["resident"] and resident is None:
            resident = resident_training_set(device)
        measured = climb_rung(config, device, resident)
        first_accuracy = measured["accuracy"] if first_accuracy is None else first_accuracy
        kept = measured["accuracy"] >= first_accuracy - LADDER_ACCURACY_POINTS
        if kept:
            kept_config = config
        verdict = "kept" if kept else f"not kept: accuracy fell more than {LADDER_ACCURACY_POINTS:g} points"
        print(f"{label}: {measured['images_per_second']:,.0f} images/s, {measured['gflops_per_second']:.2f} GFLOP/s, accuracy {measured['accuracy']:.2f} % ({verdict})")
        rungs.append({"step": rung_id, "kept": kept, "skipped": None, **measured})
    return {"device": device.type, "device_name": device_name(device), "epochs": LADDER_EPOCHS, "steps": rungs}


ladder = climb_ladder(LADDER_DEVICE)

# %% [markdown]
# ## Your turn: eight checked pieces
#
# The cells above were written for you. Now write eight pieces yourself: the device pattern, timing with CUDA
# events, a mixed-precision step with a gradient scaler, the DataLoader's settings, a training pass that keeps
# every tensor on one device, gradient accumulation, an epoch that reads its loss once, and a fair benchmark.
# Each of the course's seven GPU lessons names the ones on its subject in its Practice section.
#
# Each exercise cell holds a starter with `# TODO` lines; replace them, run the cell, then run the check cell
# under it. A check runs your code and watches what it does; it prints **Passed**, **To fix** with the reason,
# or **Not started**. The checks never stop the notebook, so *Run all* still reaches the results file, which
# records how far you got.
#
# The next cell holds the checks themselves (from `scripts/pytorch/notebook_checks.py` in the course's
# repository). Run it; reading it is optional.

# %% shared from notebook_checks.py: checks
from notebook_checks import (  # noqa: F401
    EXERCISE_CHECKS,
    check_accumulation,
    check_amp,
    check_benchmark,
    check_device,
    check_epoch_loss,
    check_loader,
    check_placement,
    check_timing,
    exercise_summary,
)

# %% [markdown]
# ### 1. Pick the device
#
# Code that runs everywhere asks which device it has. From PyTorch 2.6, `torch.accelerator` names the
# accelerator PyTorch was built for (CUDA, Apple's MPS, Intel's XPU, ...). Its
# `current_accelerator(check_available=True)`, from PyTorch 2.7, also checks that the device really works,
# and returns `None` when it does not: a CUDA build on a machine without a GPU, such as a Colab CPU runtime.
# Without `check_available` it would answer `cuda` there. Older PyTorch has no `torch.accelerator`, so fall
# back to the classic pattern: CUDA if `torch.cuda.is_available()`, else MPS if
# `torch.backends.mps.is_available()`, else the CPU.
#
# The check calls your function on six simulated machines (new and old PyTorch; CUDA, MPS, or nothing) by
# replacing those functions for a moment, then once on this machine.

# %% exercise device from notebook_solutions.py
def pick_device():
    """The best device here: the accelerator if one works (CUDA, MPS, ...), else the CPU."""
    # TODO: on PyTorch 2.6 and later (hasattr(torch, "accelerator")), ask
    #       torch.accelerator.current_accelerator(check_available=True) and use the CPU when it returns None.
    #       (PyTorch 2.6 lacks check_available: there, ask torch.accelerator.is_available() first.)
    # TODO: otherwise, the classic pattern: torch.cuda.is_available(), then torch.backends.mps.is_available(), then the CPU.
    # Return a torch.device, e.g. torch.device("cuda").
    raise NotImplementedError("TODO: pick_device")

# %% check
check_device(pick_device)

# %% [markdown]
# ### 2. Time GPU work with events
#
# A CUDA call only queues work and returns, so a clock read on the CPU right after it measures how fast
# Python queued the kernels, not how long the GPU ran them. CUDA events are timestamps that the GPU itself
# writes when it reaches them in its queue. Record one before the work and one after, wait until the GPU has
# passed the second (`torch.cuda.synchronize()`, or `end.synchronize()`), then `start.elapsed_time(end)`
# gives the time between them in milliseconds.
#
# The check runs your function with stand-in events that log each call, so the order is checked on any
# runtime. On a GPU it also times a matrix product for real; on a CPU runtime that part is skipped.

# %% exercise timing from notebook_solutions.py
def time_on_gpu(work):
    """Runs work() once and returns how long the GPU spent on it, in milliseconds."""
    # TODO: create two events with torch.cuda.Event(enable_timing=True).
    # TODO: record the first, call work(), record the second.
    # TODO: wait for the GPU, then return the first event's elapsed_time(...) to the second.
    raise NotImplementedError("TODO: time_on_gpu")

# %% check
check_timing(time_on_gpu)

# %% [markdown]
# ### 3. A mixed-precision step, and a checkpoint that can resume it
#
# Write the autocast step yourself, with two additions that real training loops need. Gradient clipping
# (`torch.nn.utils.clip_grad_norm_`) must see the true gradients, but after `scaler.scale(loss).backward()`
# they are multiplied by the scale: call `scaler.unscale_(optimizer)` first, then clip, then
# `scaler.step(optimizer)` (which does not unscale twice) and `scaler.update()`. And a checkpoint must hold
# the scaler's `state_dict()` beside the model's and the optimizer's, or a resumed run starts again from the
# default scale.
#
# Use float16 on a GPU and bfloat16 on a CPU, which needs no scaler: there the check hands you a disabled
# `GradScaler`, whose calls do nothing, so the same code runs on both. The check logs the scaler's calls and
# the clipping to see their order, saves your checkpoint with `torch.save`, loads it into a fresh model,
# optimizer and scaler, and compares. On a GPU it also trains three float16 steps; on a CPU runtime that part
# is skipped.

# %% exercise amp from notebook_solutions.py
def amp_train_step(model, optimizer, scaler, images, labels, max_norm):
    """One mixed-precision training step with gradient clipping; returns the loss."""
    device_type = images.device.type
    dtype = torch.float16 if device_type == "cuda" else torch.bfloat16
    optimizer.zero_grad(set_to_none=True)
    # TODO: compute the loss (F.cross_entropy of model(images) and labels) under torch.autocast(device_type=..., dtype=...).
    # TODO: backward through the scaler, unscale_, clip to max_norm, step through the scaler, update it.
    # Return the loss (loss.detach()).
    raise NotImplementedError("TODO: amp_train_step")


def make_checkpoint(model, optimizer, scaler):
    """Everything a resumed run needs, the scaler's state included."""
    # TODO: return a dict with the keys "model", "optimizer" and "scaler", each that object's state_dict().
    raise NotImplementedError("TODO: make_checkpoint")

# %% check
check_amp(amp_train_step, make_checkpoint)

# %% [markdown]
# ### 4. The DataLoader's settings
#
# Four settings decide whether the data keeps up, and each matters in its own situation:
#
# - `num_workers`: with 0, the training loop itself decodes and transforms every batch while the device
#   waits. Worker processes prepare the next batches in parallel. It matters when each image has work to do
#   (decoding, augmentation); more workers than CPUs only compete with each other.
# - `pin_memory=True`: batches land in page-locked memory, the only kind a GPU can copy from
#   asynchronously, so `.to("cuda", non_blocking=True)` overlaps the copy with work. It matters only when the
#   batches go to a GPU.
# - `persistent_workers=True`: keeps the workers alive from one epoch to the next instead of starting them
#   again each epoch (the notebook's own runs above pay that start, as the project did). It matters for
#   short epochs and many of them, and needs `num_workers` of at least 1.
# - `shuffle=True`: a new order every epoch, for training.
#
# The check builds your loader for a GPU and for a CPU, reads its settings, and takes one batch on this
# machine's device.

# %% exercise loader from notebook_solutions.py
def training_loader(dataset, device, batch_size):
    """The training DataLoader for `device`: workers prepare batches while the device trains."""
    # TODO: choose a number of workers: at least 1, and no more than os.cpu_count().
    # TODO: return DataLoader(dataset, batch_size=batch_size, shuffle=..., num_workers=...,
    #       pin_memory=... (only when device is a GPU), persistent_workers=...).
    raise NotImplementedError("TODO: training_loader")

# %% check
check_loader(training_loader)

# %% [markdown]
# ### 5. One device for everything
#
# PyTorch never moves a tensor for you. An operation whose inputs sit on two devices stops with "Expected all
# tensors to be on the same device", and a loop that moves nothing runs on the CPU while the GPU idles. Three
# habits prevent both:
#
# - Move the model once, with `model.to(device)`, and create the optimizer after that, so it holds the moved
#   weights.
# - Move both tensors of every batch: a DataLoader delivers them in CPU memory.
# - Give every tensor your loop creates `device=device` (`torch.zeros((), device=device)`); without it, a new
#   tensor lands on the CPU.
#
# The check runs your function twice. First on PyTorch's `meta` device, whose tensors have a shape and a dtype
# but no values: nothing is computed, so it stands in for a GPU on any runtime, and the check stops any torch
# call that mixes devices, as a GPU would. Then on this machine's device, where the weights must change.

# %% exercise placement from notebook_solutions.py
def train_on(device, model, batches):
    """One pass of SGD over `batches` on `device`; returns how many predictions were right, counted there."""
    # TODO: move the model to device, then create its optimizer: torch.optim.SGD(model.parameters(), lr=0.1).
    # TODO: create a counter of right predictions on the device: torch.zeros((), dtype=torch.long, device=device).
    # TODO: for each (images, labels) in batches: move both to device; zero the gradients; compute the logits and
    #       F.cross_entropy; backward; step; add (logits.argmax(dim=1) == labels).sum() to the counter.
    # Return the counter, still a tensor on the device: don't read it here.
    raise NotImplementedError("TODO: train_on")

# %% check
check_placement(train_on)

# %% [markdown]
# ### 6. Gradient accumulation
#
# When the batch you want does not fit in GPU memory, split it into micro-batches and add up their gradients
# before one optimizer step. `backward()` adds into each weight's `.grad` rather than replacing it, so the
# sum builds itself; divide each micro-batch's loss by the number of micro-batches, so that the sum is the
# gradient of the big batch's mean loss. Then step and zero the gradients once per group. Memory holds the
# activations of one micro-batch at a time. (The result is exact for layers that treat every image on its
# own; batch normalisation still computes its statistics per micro-batch.)
#
# The check gives you eight micro-batches of four images and `accumulation_steps=4`, with an SGD optimizer
# that notes the gradients at each step. It compares them with the gradients of the same 16 images taken as
# one batch, at the same weights, and counts the steps.

# %% exercise accumulation from notebook_solutions.py
def accumulate_gradients(model, optimizer, micro_batches, accumulation_steps):
    """Trains on micro-batches as if each run of `accumulation_steps` of them were one big batch."""
    # TODO: zero the gradients; then, for each (images, labels) in micro_batches (count them with enumerate),
    #       divide F.cross_entropy(model(images), labels) by accumulation_steps and call backward() on it.
    # TODO: after every accumulation_steps micro-batches, call optimizer.step(), then optimizer.zero_grad().
    raise NotImplementedError("TODO: accumulate_gradients")

# %% check
check_accumulation(accumulate_gradients)

# %% [markdown]
# ### 7. Read the loss once per epoch
#
# `loss.item()` copies a number from the GPU into Python, so the CPU first waits until the GPU has finished
# everything queued before it. Once per step, that wait stops the CPU from queueing the next steps ahead.
# `print(loss)`, an f-string, `float(loss)`, `.tolist()` and `.cpu()` wait the same way. Add each step's loss
# to a tensor on the device instead, and read it once after the loop. Add `loss.detach()`, not `loss`: the
# loss still holds its autograd graph, and a sum of losses would keep every step's graph alive until the
# epoch ends.
#
# The check hands you a training step and batches, and counts every read of a value into Python while your
# function runs (it watches those methods for a moment). On a GPU it also runs your function there, where a
# sum created on the CPU fails; on a CPU runtime that part is skipped.

# %% exercise epoch_loss from notebook_solutions.py
def epoch_mean_loss(train_step, batches, device):
    """Runs train_step(images, labels) on every batch; returns the epoch's mean loss, read from the device once."""
    # TODO: create a running sum on the device: torch.zeros((), device=device).
    # TODO: for each (images, labels) in batches, add train_step(images, labels).detach() to it, without reading it.
    # TODO: after the loop, read the sum once with .item() and return it divided by the number of batches.
    raise NotImplementedError("TODO: epoch_mean_loss")

# %% check
check_epoch_loss(epoch_mean_loss)

# %% [markdown]
# ### 8. A fair benchmark
#
# The project's method, as a function you can reuse for any piece of work. The first calls pay one-off costs
# (the CUDA context, cuDNN's choice of algorithms, the first allocations), so run a few untimed. A GPU call
# returns once its work is queued, so synchronise before every clock read: before the start, so nothing
# earlier is still running, and before the stop, so the work has finished. Repeat, and report the median,
# which one slow repeat cannot drag along as it drags the mean.
#
# The check runs your function against a simulated GPU: `step()` only queues work, `synchronize()` waits for
# it, and `clock()` reads the host's time. The first warm-up step is slow, and so is one repeat. The check
# reads the order of your calls and compares your result with the median. Then it times a 256 × 256 matrix
# product on this machine with your function.

# %% exercise benchmark from notebook_solutions.py
import statistics


def median_time(step, synchronize, clock, warmup=3, repeats=5):
    """The median time of step(), in the clock's unit, after an untimed warm-up."""
    # TODO: call step() `warmup` times, untimed.
    # TODO: for each repeat: synchronize(), read clock(), call step(), synchronize(), read clock(); keep the difference.
    # TODO: return statistics.median of the differences.
    raise NotImplementedError("TODO: median_time")

# %% check
check_benchmark(median_time)

# %% [markdown]
# ## Bring the numbers back
#
# The last cell writes every measurement and your exercises' verdicts to `cifar10-cpu-vs-gpu-results.json`
# and, on Colab, offers it as a download (if the browser blocks it, find the file in the *Files* panel on the left). In the lesson's CNN
# lab, press **Add your Colab result** and choose this file.

# %%
results = {
    "format": RESULTS_FORMAT,
    "version": RESULTS_VERSION,
    "created": datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
    "run_id": uuid.uuid4().hex,
    "environment": {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "cuda": torch.version.cuda,
        "colab": IN_COLAB,
        "cpu": device_name(CPU),
        "threads": torch.get_num_threads(),
        "gpu": device_name(GPU) if HAS_GPU else None,
    },
    "data": {"source": DATA_SOURCE, "train_images": len(train_set), "test_images": len(test_labels), "tiny": TINY},
    "settings": {
        "epochs": EPOCHS,
        "batch": BATCH_SIZE,
        "learning_rate": LEARNING_RATE,
        "seed": SEED,
        "num_workers": NUM_WORKERS,
        "warmup_steps": WARMUP_STEPS,
    },
    "runs": runs,
    "loader_sweep": loader_sweep,
    "profile": profile_summary,
    "ladder": ladder,
    "exercises": exercise_summary(),
}
with open(RESULTS_FILE, "w", encoding="utf-8") as file:
    json.dump(results, file, indent=2)
    file.write("\n")

for run in runs:
    print(f"{run['device_name']:>40} | {run['precision']:<17} | {run['seconds']:8.1f} s | {run['images_per_second']:9,.0f} images/s | {run['accuracy']:6.2f} %")
print(f"\nWrote {os.path.abspath(RESULTS_FILE)}")
if IN_COLAB:
    from google.colab import files

    files.download(RESULTS_FILE)
