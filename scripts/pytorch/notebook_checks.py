#!/usr/bin/python3
"""The checks behind the companion notebook's four exercises (scripts/pytorch/cifar10_cpu_vs_gpu.py).

The notebook's cell `# %% shared from notebook_checks.py: checks` receives the region below, so the
notebook stays one file on Colab. Each check runs the learner's code and watches what it does: the device
function on simulated machines, the timing function against stand-in CUDA events, the AMP step with a
scaler and a clipping function that log their calls, the checkpoint through torch.save and back, and the
DataLoader's settings for a GPU and a CPU. None of them reads the learner's source.

Every check prints one verdict (passed, to fix, not started, with a note when a GPU-only part was skipped)
and records it in EXERCISE_CHECKS, which the notebook's last cell writes into the results file (the
"exercises" field, src/cnn-results/notebook-results-format.ts). A check never raises, so "Run all"
reaches the end with exercises left undone.

The reference solutions are scripts/pytorch/notebook_solutions.py; tests/unit/companion-notebook-run.test.ts
runs these checks on them, on the notebook's starters and on wrong programs.
"""

# notebook: begin checks
import contextlib
import io
import os
import time
import types
from unittest import mock

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, RandomSampler, TensorDataset

# What each check found: name -> {"status": "passed" | "failed" | "todo", "gpu_skipped": bool, "message": str}.
EXERCISE_CHECKS = {}
CHECK_HAS_GPU = torch.cuda.is_available()


class CheckFailed(Exception):
    """A check's verdict "to fix"; its message says what happened and what to change."""


def record_check(name, run, gpu_part=None, gpu_note=""):
    """Runs one check and prints its verdict; `gpu_part`, if given, runs only on a CUDA GPU (`gpu_note` says what it does)."""
    gpu_skipped = False
    try:
        passed = run()
        if gpu_part is not None:
            if CHECK_HAS_GPU:
                passed += " " + gpu_part()
            else:
                gpu_skipped = True
        status, message = "passed", passed
    except NotImplementedError:
        status, message = "todo", "the cell above still has its # TODO lines. Complete them, run that cell, then run this check again."
    except CheckFailed as failure:
        status, message = "failed", str(failure)
    except Exception as error:  # the learner's code crashed: say where, and keep the notebook going
        status, message = "failed", f"Your code raised {type(error).__name__}: {error}"
    EXERCISE_CHECKS[name] = {"status": status, "gpu_skipped": gpu_skipped, "message": message}
    mark = {"passed": "✓ Passed", "failed": "✗ To fix", "todo": "… Not started"}[status]
    print(f"{mark}: {message}")
    if gpu_skipped and status == "passed":
        print(f"  Skipped on this runtime, which has no CUDA GPU: {gpu_note} On Colab, choose Runtime → Change runtime type → a GPU, then run the check again.")


@contextlib.contextmanager
def simulated_machine(accelerator_api, built_for, cuda, mps):
    """Pretends to be another machine: which PyTorch APIs exist, what it was built for, which devices work."""
    had_api = hasattr(torch, "accelerator")
    saved_api = getattr(torch, "accelerator", None)
    if accelerator_api:

        def current_accelerator(check_available=False):
            if built_for is None or (check_available and not (cuda or mps)):
                return None
            return torch.device(built_for)

        available = cuda or mps
        torch.accelerator = types.SimpleNamespace(
            current_accelerator=current_accelerator,
            is_available=lambda: available,
            device_count=lambda: 1 if available else 0,
        )
    elif had_api:
        del torch.accelerator
    mps_backend = getattr(torch.backends, "mps", None) or types.SimpleNamespace()
    try:
        with contextlib.ExitStack() as patches:
            patches.enter_context(mock.patch.object(torch.cuda, "is_available", lambda: cuda))
            patches.enter_context(mock.patch.object(torch.cuda, "device_count", lambda: 1 if cuda else 0))
            patches.enter_context(mock.patch.object(torch.backends, "mps", mps_backend, create=True))
            patches.enter_context(mock.patch.object(mps_backend, "is_available", lambda: mps, create=True))
            patches.enter_context(mock.patch.object(mps_backend, "is_built", lambda: built_for == "mps" or mps, create=True))
            yield
    finally:
        if had_api:
            torch.accelerator = saved_api
        elif hasattr(torch, "accelerator"):
            del torch.accelerator


DEVICE_MACHINES = [
    # (what the learner is told, torch.accelerator exists, built for, CUDA works, MPS works, expected)
    ("PyTorch 2.7 or later with a working CUDA GPU", True, "cuda", True, False, "cuda"),
    ("PyTorch 2.7 or later on a Mac with Apple silicon (MPS)", True, "mps", False, True, "mps"),
    ("PyTorch 2.7 or later built for CUDA, on a machine with no GPU (a Colab CPU runtime)", True, "cuda", False, False, "cpu"),
    ("an older PyTorch (no torch.accelerator) with a working CUDA GPU", False, "cuda", True, False, "cuda"),
    ("an older PyTorch (no torch.accelerator) on a Mac with Apple silicon (MPS)", False, "mps", False, True, "mps"),
    ("an older PyTorch (no torch.accelerator) with no GPU", False, "cuda", False, False, "cpu"),
]


def check_device(pick_device):
    def run():
        for words, api, built_for, cuda, mps, expected in DEVICE_MACHINES:
            with simulated_machine(api, built_for, cuda, mps):
                try:
                    chosen = pick_device()
                except NotImplementedError:
                    raise
                except Exception as error:
                    raise CheckFailed(f"On {words}, pick_device() raised {type(error).__name__}: {error}") from error
            if not isinstance(chosen, torch.device):
                raise CheckFailed(f"On {words}, pick_device() returned {chosen!r}; return a torch.device, e.g. torch.device('{expected}').")
            if chosen.type != expected:
                hint = {
                    "mps": "Check torch.backends.mps.is_available() after CUDA, so a Mac uses its GPU.",
                    "cpu": "Ask torch.accelerator.current_accelerator(check_available=True): without check_available it names the device PyTorch was built for, even when none is there.",
                    "cuda": "Use the GPU when torch.cuda.is_available() (or torch.accelerator) says there is one.",
                }[expected]
                raise CheckFailed(f"On {words}, pick_device() chose {chosen.type}, but {expected} is right. {hint}")
        here = pick_device()
        return f"pick_device() chose correctly on all {len(DEVICE_MACHINES)} simulated machines, and on this one it chose {here}."

    record_check("device", run)


class StandInEvent:
    """Stands in for torch.cuda.Event: logs record(), synchronize() and elapsed_time() into a shared list."""

    def __init__(self, log, enable_timing=False, **_):
        self.log, self.enable_timing = log, enable_timing
        self.recorded = False

    def record(self, stream=None):
        self.recorded = True
        self.log.append(("record", self))

    def synchronize(self):
        self.log.append(("synchronize", self))

    def query(self):
        return True

    def elapsed_time(self, end):
        self.log.append(("elapsed_time", self, end))
        return 12.5


def check_timing(time_on_gpu):
    def run():
        log = []

        def work():
            log.append(("work", None))

        stream = types.SimpleNamespace(synchronize=lambda: log.append(("synchronize", None)))
        with mock.patch.object(torch.cuda, "Event", lambda *args, **kwargs: StandInEvent(log, *args, **kwargs)), mock.patch.object(
            torch.cuda, "synchronize", lambda device=None: log.append(("synchronize", None))
        ), mock.patch.object(torch.cuda, "current_stream", lambda device=None: stream):
            result = time_on_gpu(work)
        kinds = [entry[0] for entry in log]
        records = [index for index, kind in enumerate(kinds) if kind == "record"]
        if kinds.count("work") != 1:
            raise CheckFailed(f"time_on_gpu(work) called work() {kinds.count('work')} times; call it exactly once, between the two record() calls.")
        if len(records) < 2:
            raise CheckFailed("Record two events: start.record() before work() and end.record() after it.")
        start_event, end_event = log[records[0]][1], log[records[-1]][1]
        if not (records[0] < kinds.index("work") < records[-1]):
            raise CheckFailed("work() must run between start.record() and end.record(), or the events do not enclose it.")
        if not (start_event.enable_timing and end_event.enable_timing):
            raise CheckFailed("Create both events with torch.cuda.Event(enable_timing=True); without it elapsed_time() refuses to answer.")
        if "elapsed_time" not in kinds:
            raise CheckFailed("Read the time with start.elapsed_time(end): a clock on the CPU measures how fast Python queued the work, not how long the GPU ran it.")
        first_read = kinds.index("elapsed_time")
        if "synchronize" not in kinds[records[-1] + 1 : first_read]:
            raise CheckFailed(
                "elapsed_time() was read before waiting for the GPU. Call torch.cuda.synchronize() (or end.synchronize()) after end.record(): "
                "CUDA calls return as soon as the work is queued, so until then the end event may not have happened."
            )
        if result != 12.5:
            raise CheckFailed(f"time_on_gpu returned {result!r}, not start.elapsed_time(end): return the events' time, already in milliseconds.")
        return "The events enclose the work, the GPU is awaited before the time is read, and the result is in milliseconds."

    def gpu_part():
        a = torch.randn(2048, 2048, device="cuda")
        a @ a
        torch.cuda.synchronize()
        started = time.perf_counter()
        a @ a
        queued_ms = (time.perf_counter() - started) * 1000
        torch.cuda.synchronize()
        measured = time_on_gpu(lambda: a @ a)
        if not (isinstance(measured, float) and measured > 0):
            raise CheckFailed(f"On this GPU time_on_gpu returned {measured!r}; expected a time in milliseconds above 0.")
        return f"On this GPU a 2048 × 2048 matrix product took {measured:.3f} ms by the events; a CPU clock without synchronize saw {queued_ms:.3f} ms, only the time to queue it."

    record_check("timing", run, gpu_part, "timing a matrix product with your function on a real GPU (the order of your calls was checked above with stand-in events).")


class WatchedScaler(torch.amp.GradScaler if hasattr(torch.amp, "GradScaler") else torch.cuda.amp.GradScaler):
    """A real GradScaler that also logs its calls, so the check can see their order."""

    def __init__(self, log, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.log = log

    def scale(self, outputs):
        self.log.append("scale")
        return super().scale(outputs)

    def unscale_(self, optimizer):
        self.log.append("unscale_")
        return super().unscale_(optimizer)

    def step(self, optimizer, *args, **kwargs):
        self.log.append("step")
        return super().step(optimizer, *args, **kwargs)

    def update(self, new_scale=None):
        self.log.append("update")
        return super().update(new_scale)


def new_scaler(device_type, log=None, **kwargs):
    """A GradScaler for the device (enabled on CUDA only: bfloat16 on a CPU needs none), watched when `log` is given."""
    enabled = device_type == "cuda"
    if log is not None:
        return WatchedScaler(log, "cuda", enabled=enabled, **kwargs) if hasattr(torch.amp, "GradScaler") else WatchedScaler(log, enabled=enabled, **kwargs)
    if hasattr(torch.amp, "GradScaler"):  # PyTorch 2.3 and later
        return torch.amp.GradScaler(device_type, enabled=enabled or device_type == "cpu", **kwargs)
    return torch.cuda.amp.GradScaler(enabled=enabled, **kwargs)


def autocast_active(device_type):
    try:
        return torch.is_autocast_enabled(device_type)  # PyTorch 2.4 and later
    except TypeError:
        return torch.is_autocast_cpu_enabled() if device_type == "cpu" else torch.is_autocast_enabled()


def tiny_training(device):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Flatten(), nn.Linear(3 * 8 * 8, 32), nn.ReLU(), nn.Linear(32, 10)).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    images = torch.randn(16, 3, 8, 8, device=device)
    labels = torch.randint(0, 10, (16,), device=device)
    return model, optimizer, images, labels


def check_amp(amp_train_step, make_checkpoint):
    device = torch.device("cuda" if CHECK_HAS_GPU else "cpu")

    def run():
        log = []
        model, optimizer, images, labels = tiny_training(device)
        autocast_seen = []
        model.register_forward_hook(lambda *_: autocast_seen.append(autocast_active(device.type)))
        model[1].weight.register_hook(lambda grad: log.append("backward"))
        before = [parameter.detach().clone() for parameter in model.parameters()]
        real_clip = torch.nn.utils.clip_grad_norm_

        def watched_clip(*args, **kwargs):
            log.append("clip")
            return real_clip(*args, **kwargs)

        scaler = new_scaler(device.type, log, init_scale=256.0)  # small enough that no float16 gradient overflows here
        with mock.patch.object(torch.nn.utils, "clip_grad_norm_", watched_clip):
            loss = amp_train_step(model, optimizer, scaler, images, labels, 1.0)
        if not autocast_seen or not any(autocast_seen):
            raise CheckFailed(f"The forward pass did not run under torch.autocast(device_type='{device.type}', ...): wrap the model call and the loss in it.")
        if not isinstance(loss, torch.Tensor) or loss.dim() != 0:
            raise CheckFailed(f"amp_train_step returned {loss!r}; return the loss, a tensor with one value.")
        if "backward" not in log:
            raise CheckFailed("No gradients were computed: call scaler.scale(loss).backward().")
        backward = log.index("backward")
        if "scale" not in log[:backward]:
            raise CheckFailed("The backward pass ran on the unscaled loss: call scaler.scale(loss).backward(), so small float16 gradients are not rounded to zero.")
        if "clip" not in log:
            raise CheckFailed("No gradient clipping was seen: call torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm) after scaler.unscale_(optimizer).")
        if "unscale_" not in log or log.index("unscale_") > log.index("clip"):
            raise CheckFailed(
                "clip_grad_norm_ ran before scaler.unscale_(optimizer). The gradients were still multiplied by the scale (65,536 by default), "
                "so max_norm was compared with the wrong numbers. Call scaler.unscale_(optimizer) first, then clip."
            )
        if "step" not in log:
            raise CheckFailed("Step through the scaler: scaler.step(optimizer), not optimizer.step(). It skips a step whose gradients overflowed.")
        if log.index("step") < log.index("clip"):
            raise CheckFailed("scaler.step(optimizer) ran before the clipping: clip first, then step, or the clipped gradients are never used.")
        if "update" not in log or log.index("update") < log.index("step"):
            raise CheckFailed("Call scaler.update() after scaler.step(optimizer): it adapts the scale for the next step.")
        if all(torch.equal(old, new) for old, new in zip(before, model.parameters())):
            raise CheckFailed("The step left every weight unchanged: the optimizer never stepped.")
        order = " → ".join(dict.fromkeys(entry for entry in log if entry != "backward"))

        # The checkpoint: the scaler's state must come back when training resumes.
        saved_scaler = new_scaler(device.type, init_scale=1024.0)
        checkpoint = make_checkpoint(model, optimizer, saved_scaler)
        if not isinstance(checkpoint, dict):
            raise CheckFailed(f"make_checkpoint returned {type(checkpoint).__name__}; return a dict with the keys 'model', 'optimizer' and 'scaler'.")
        missing = [key for key in ("model", "optimizer", "scaler") if key not in checkpoint]
        if missing:
            words = {"scaler": "scaler.state_dict(), or a resumed run starts again from the default scale and loses what the scaler learned"}
            raise CheckFailed(f"The checkpoint has no {', '.join(repr(key) for key in missing)}: add {'; '.join(words.get(key, f'{key}.state_dict()') for key in missing)}.")
        resumed_model, resumed_optimizer, _, _ = tiny_training(device)
        resumed_scaler = new_scaler(device.type, init_scale=65536.0)
        try:
            buffer = io.BytesIO()
            torch.save(checkpoint, buffer)
            buffer.seek(0)
            loaded = torch.load(buffer)
            resumed_model.load_state_dict(loaded["model"])
            resumed_optimizer.load_state_dict(loaded["optimizer"])
            if loaded["scaler"]:
                resumed_scaler.load_state_dict(loaded["scaler"])
        except Exception as error:
            raise CheckFailed(f"The checkpoint could not be loaded back ({type(error).__name__}: {error}): store model.state_dict(), optimizer.state_dict() and scaler.state_dict(), not the objects.") from error
        if resumed_scaler.state_dict() != saved_scaler.state_dict():
            raise CheckFailed(f"The scaler's state did not survive the checkpoint: saved {saved_scaler.state_dict()}, loaded {resumed_scaler.state_dict()}. Store scaler.state_dict() under 'scaler'.")
        if not all(torch.equal(a, b) for a, b in zip(model.state_dict().values(), resumed_model.state_dict().values())):
            raise CheckFailed("The model's weights did not survive the checkpoint: store model.state_dict() under 'model'.")
        state = "scale 1,024 came back" if saved_scaler.state_dict() else "this PyTorch's CPU scaler is off, so its state is empty here"
        return f"The step ran {order} under autocast, and the checkpoint round-trips the model, the optimizer and the scaler ({state})."

    def gpu_part():
        model, optimizer, images, labels = tiny_training(device)
        scaler = new_scaler("cuda")
        scale = scaler.get_scale()
        for _ in range(3):
            loss = amp_train_step(model, optimizer, scaler, images, labels, 1.0)
        if not torch.isfinite(loss):
            raise CheckFailed(f"After three float16 steps on the GPU the loss is {loss.item()}: the step is not stable.")
        return f"Three float16 steps on the GPU: loss {loss.item():.3f}, scale {scale:,.0f} → {scaler.get_scale():,.0f}."

    record_check("amp", run, gpu_part, "three float16 steps with an active GradScaler on a GPU (the order of your calls and the checkpoint were checked above).")


def check_loader(training_loader):
    def run():
        dataset = TensorDataset(torch.randn(64, 3, 8, 8), torch.randint(0, 10, (64,)))
        cpus = os.cpu_count() or 1
        loaders = {}
        for device_type in ("cuda", "cpu"):
            loader = training_loader(dataset, torch.device(device_type), batch_size=16)
            loaders[device_type] = loader
            where = "For a GPU" if device_type == "cuda" else "For a CPU"
            if not isinstance(loader, DataLoader):
                raise CheckFailed(f"training_loader returned {type(loader).__name__}; return a torch.utils.data.DataLoader.")
            if loader.batch_size != 16:
                raise CheckFailed(f"{where}, the loader's batch_size is {loader.batch_size}; pass the batch_size argument on.")
            if not isinstance(loader.sampler, RandomSampler):
                raise CheckFailed("Shuffle the training data (shuffle=True): each epoch should see the images in a new order.")
            if not 1 <= loader.num_workers <= cpus:
                raise CheckFailed(
                    f"{where}, num_workers is {loader.num_workers}; use 1 to {cpus} (this machine's CPUs). With 0 the training loop waits while each batch "
                    "is prepared; more workers than CPUs only compete for them."
                )
            if loader.pin_memory != (device_type == "cuda"):
                raise CheckFailed(
                    "Pin memory for a GPU only: pin_memory=True lets .to('cuda', non_blocking=True) copy while the CPU goes on; for a CPU it just locks memory for nothing."
                    if device_type == "cuda"
                    else f"{where}, pin_memory is True: page-locked memory speeds up copies to a GPU only, so leave it off when training on the CPU."
                )
            if not loader.persistent_workers:
                raise CheckFailed(f"{where}, set persistent_workers=True: it keeps the workers between epochs instead of starting them again every epoch.")
        device = torch.device("cuda" if CHECK_HAS_GPU else "cpu")
        loader = loaders[device.type]
        images, labels = next(iter(loader))
        if images.shape[0] != 16:
            raise CheckFailed(f"The first batch holds {images.shape[0]} images, not 16.")
        pinned = " in pinned memory" if device.type == "cuda" and images.is_pinned() else ""
        workers = loader.num_workers
        del loaders, loader
        return f"Shuffled, {workers} worker{'s' if workers > 1 else ''} for this machine's {cpus} CPUs, pinned memory only for a GPU, workers kept between epochs; a batch of 16 came through{pinned}."

    record_check("loader", run)


def exercise_summary():
    """What the results file records: one entry per exercise, in the notebook's order."""
    names = ["device", "timing", "amp", "loader"]
    entries = [{"name": name, **EXERCISE_CHECKS.get(name, {"status": "todo", "gpu_skipped": False, "message": "The check cell did not run."})} for name in names]
    passed = sum(entry["status"] == "passed" for entry in entries)
    print(f"Exercises passed: {passed} of {len(entries)}")
    for entry in entries:
        print(f"  {entry['name']:<7} {entry['status']}{' (GPU part skipped)' if entry['gpu_skipped'] else ''}")
    return entries
# notebook: end checks
