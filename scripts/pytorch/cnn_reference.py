#!/usr/bin/python3
"""The project's PyTorch reference for the course CNN (labs/cnn/model.ts), with the same width multiplier.

  conv 5x5 3->6w, ReLU, max-pool 2 · conv 5x5 6w->16w, ReLU, max-pool 2 · fc 400w->120w->84w->10 (ReLU between)
  PyTorch's default initialisation, Adam (learning rate 0.001), mean softmax cross-entropy, NCHW tensors.

TensorFlow.js runs the same network in the browser (NHWC); `npm run bench` and `npm run bench:gpu` run this
script beside it on the same machine so each backend gets a ratio to PyTorch. Needs torch for the python3
that runs it (Debian: apt-get install -y python3-torch; run it with /usr/bin/python3).

Modes (every line on stdout is one JSON object; progress and errors go to stderr):

  throughput --width W --batch B [--steps N] [--warmup N] [--min-seconds S] [--seed 42] [--device D] [--threads N]
      Trains on one random batch that stays on the device. The first step is timed on its own
      (first_step_ms: allocation, cuDNN autotuning), then --warmup untimed steps, then --steps timed steps
      (default: enough for --min-seconds of work, at least 3), synchronised before every clock read.
      One line: {"mode":"throughput","device","device_name","threads","width","batch","flops_per_step",
      "first_step_ms","ms_per_step","images_per_second","gflops_per_second","steps","torch"}
  sweep --widths 1,2,4 --batches 64,256 [--max-seconds-per-step S] [--min-seconds S] [--device D] [--threads N]
      Every (width, batch) point, smallest FLOPs per step first (ties: smaller batch), one throughput line
      each; after a point whose step takes longer than S seconds it measures nothing bigger. A last line
      {"mode":"sweep","measured":n,"skipped":[[width,batch],...],"reason":...} says what was left out and why.
  train --data FILE_TRAIN --test FILE_TEST [--epochs 5] [--batch 64] [--seed 42] [--shuffle-seed S] [--device D] [--threads N]
      FILE_* hold official CIFAR-10 binary records (a label byte, then 3,072 bytes: the R, G and B planes).
      Pixels are scaled to [-1, 1] as the lab does (value / 127.5 - 1). Every epoch visits the images in a
      fresh order, epochOrder() of labs/cnn/train.ts (a Fisher-Yates shuffle drawn from the mulberry32
      generator seededRandom() of labs/cnn/synthetic.ts), so with the same --shuffle-seed PyTorch and
      `npm run bench -- --data cifar10` train on the very same batches in the same order.
      One {"mode":"train-epoch","epoch","loss","seconds"} line per epoch (loss: mean over the epoch's
      batches), then {"mode":"train",...,"test_accuracy","images_per_second","seconds"}.
  self-test
      Checks this script's FLOP count against labs/cnn/flops.ts's figures (3,204,720 and 9,986,400 training
      FLOPs per image at widths 1 and 2), the parameter count (62,006 at width 1) and the shuffle generator
      against seededRandom(42); exits 1 on a mismatch.

--device auto (the default) is cuda when torch sees a GPU, else cpu. --threads sets torch.set_num_threads
and, before torch loads, the thread count of the BLAS library its products call (below); without it torch
keeps its defaults, and every line reports the count it ran with.

The code between `# notebook: begin NAME` and `# notebook: end NAME` lines is also the shared code of the
project lesson's companion notebook (cifar10_cpu_vs_gpu.py beside this file; the build copies those regions
into the notebook's cells, see src/notebook/percent-notebook.ts), so the two cannot drift apart.
"""
import argparse
import json
import math
import os
import sys
import time


def limit_blas_threads():
    """Gives --threads N to the BLAS library as well, before torch loads it.

    torch.set_num_threads does not reach the library that Debian's torch calls for its matrix products
    (OpenBLAS, which starts one thread per core when it loads): told to use one thread, it still multiplied on
    both cores of the development machine (183 % CPU), which made a "thread for thread" comparison unfair to
    the other side. The library reads its thread count from the environment, once.
    """
    arguments = sys.argv[1:]
    for i, argument in enumerate(arguments):
        count = arguments[i + 1] if argument == "--threads" and i + 1 < len(arguments) else None
        if argument.startswith("--threads="):
            count = argument.split("=", 1)[1]
        if count is not None and count.isdigit() and int(count) > 0:
            for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
                os.environ[variable] = count


limit_blas_threads()

import torch  # noqa: E402 (after limit_blas_threads, which must run first)
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

# notebook: begin constants
KERNEL = 5
IMAGE_SIZE = 32
CHANNELS = 3
NUM_CLASSES = 10
RECORD_BYTES = 1 + CHANNELS * IMAGE_SIZE * IMAGE_SIZE
# notebook: end constants

# labs/cnn/flops.ts's figures, which this script must reproduce (see self-test).
EXPECTED_TRAINING_FLOPS_PER_IMAGE = {1: 3_204_720, 2: 9_986_400}
EXPECTED_PARAMETERS_WIDTH_1 = 62_006
# seededRandom(42)'s first numbers in labs/cnn/synthetic.ts, which the epoch shuffles must reproduce.
EXPECTED_MULBERRY32_SEED_42 = [0.6011037519201636, 0.44829055899754167, 0.8524657934904099]


# ——— the network ———


# notebook: begin network
def sizes(width):
    """The layer sizes at a width multiplier, as cnnSizes() in labs/cnn/model.ts."""
    if not isinstance(width, int) or width < 1:
        raise ValueError(f"The CNN's width must be a whole number >= 1, got {width}.")
    return {"conv1": 6 * width, "conv2": 16 * width, "flattened": 5 * 5 * 16 * width, "hidden1": 120 * width, "hidden2": 84 * width}


class Cnn(nn.Module):
    """PyTorch's layers keep their default initialisation: weights and biases uniform in
    ±1/sqrt(fan-in), which is what createCnn() in labs/cnn/model.ts draws."""

    def __init__(self, width=1):
        super().__init__()
        s = sizes(width)
        self.conv1 = nn.Conv2d(CHANNELS, s["conv1"], KERNEL)
        self.conv2 = nn.Conv2d(s["conv1"], s["conv2"], KERNEL)
        self.fc1 = nn.Linear(s["flattened"], s["hidden1"])
        self.fc2 = nn.Linear(s["hidden1"], s["hidden2"])
        self.fc3 = nn.Linear(s["hidden2"], NUM_CLASSES)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


def create_training(width, device, seed):
    torch.manual_seed(seed)
    model = Cnn(width).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    return model, optimizer


def train_step(model, optimizer, images, labels):
    """One step; returns the loss tensor without reading it back, so CUDA never waits inside a loop."""
    optimizer.zero_grad(set_to_none=True)
    loss = F.cross_entropy(model(images), labels)  # mean over the batch, as tf.losses.softmaxCrossEntropy
    loss.backward()
    optimizer.step()
    return loss
# notebook: end network


# ——— FLOPs, counted as labs/cnn/flops.ts counts them ———


# notebook: begin flops
def forward_flops_by_layer(width):
    s = sizes(width)
    conv1_out = IMAGE_SIZE - KERNEL + 1  # 28
    conv2_out = conv1_out // 2 - KERNEL + 1  # 10

    def conv(out_size, out_channels, in_channels):
        return 2 * out_size * out_size * out_channels * KERNEL * KERNEL * in_channels

    return {
        "conv1": conv(conv1_out, s["conv1"], CHANNELS),
        "conv2": conv(conv2_out, s["conv2"], s["conv1"]),
        "dense1": 2 * s["flattened"] * s["hidden1"],
        "dense2": 2 * s["hidden1"] * s["hidden2"],
        "dense3": 2 * s["hidden2"] * NUM_CLASSES,
    }


def training_flops_per_image(width):
    """Forward, weight gradients, and input gradients for every layer but conv1: 3 x forward - conv1."""
    layers = forward_flops_by_layer(width)
    forward = sum(layers.values())
    return 3 * forward - layers["conv1"]


def training_flops_per_step(width, batch):
    return training_flops_per_image(width) * batch
# notebook: end flops


# ——— devices and clocks ———


def pick_device(name, on_error=None):
    """The --device choice as a torch.device; `on_error` (this script's `fail` by default) stops a run whose
    choice cannot be met, with the calling script's name."""
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cuda" and not torch.cuda.is_available():
        (on_error or fail)("--device cuda, but this torch sees no CUDA GPU (torch.cuda.is_available() is False); use --device cpu or auto.")
    return torch.device(name)


# notebook: begin devices
def device_name(device):
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    import platform

    return platform.processor() or "CPU"


def synchronise(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)
# notebook: end devices


def timed_steps(step, count, device):
    """Milliseconds for `count` steps, with the device finished before the clock starts and stops."""
    synchronise(device)
    started = time.perf_counter()
    loss = None
    for _ in range(count):
        loss = step()
    if loss is not None:
        loss.item()  # a read-back: the last step has finished
    synchronise(device)
    return (time.perf_counter() - started) * 1000


# notebook: begin fail
def fail(message):
    print(f"cnn_reference.py: {message}", file=sys.stderr)
    sys.exit(2)
# notebook: end fail


# ——— throughput and sweep ———


def measure(width, batch, device, *, steps=None, warmup=5, min_seconds=1.0, min_steps=3, max_steps=10_000, seed=42):
    """One point: the first step alone, `warmup` untimed steps, then the timed steps."""
    model, optimizer = create_training(width, device, seed)
    generator = torch.Generator().manual_seed(seed + 1)
    images = (torch.rand(batch, CHANNELS, IMAGE_SIZE, IMAGE_SIZE, generator=generator) * 2 - 1).to(device)
    labels = torch.randint(0, NUM_CLASSES, (batch,), generator=generator).to(device)

    def step():
        return train_step(model, optimizer, images, labels)

    first_step_ms = timed_steps(step, 1, device)
    last_ms = first_step_ms
    for _ in range(warmup):
        last_ms = timed_steps(step, 1, device)
    if steps is None:
        steps = min(max_steps, max(min_steps, math.ceil(min_seconds * 1000 / max(last_ms, 0.001))))
    ms_per_step = timed_steps(step, steps, device) / steps
    flops = training_flops_per_step(width, batch)
    del model, optimizer, images, labels
    if device.type == "cuda":
        torch.cuda.empty_cache()
    return {
        "mode": "throughput",
        "device": device.type,
        "device_name": device_name(device),
        "threads": torch.get_num_threads(),
        "width": width,
        "batch": batch,
        "flops_per_step": flops,
        "first_step_ms": round(first_step_ms, 3),
        "ms_per_step": round(ms_per_step, 3),
        "images_per_second": round(batch * 1000 / ms_per_step, 1),
        "gflops_per_second": round(flops / (ms_per_step / 1000) / 1e9, 3),
        "steps": steps,
        "torch": torch.__version__,
    }


def sweep_points(widths, batches):
    """Every (width, batch) pair by FLOPs per step, ties by batch: sweepPoints() in labs/cnn/sweep-plan.ts."""
    points = [(w, b) for w in widths for b in batches]
    return sorted(points, key=lambda p: (training_flops_per_step(p[0], p[1]), p[1]))


def emit(line):
    print(json.dumps(line, separators=(",", ":")), flush=True)


def run_throughput(args, device):
    if device.type == "cuda":
        torch.backends.cudnn.benchmark = True
    emit(measure(args.width, args.batch, device, steps=args.steps, warmup=args.warmup, min_seconds=args.min_seconds, seed=args.seed))


def is_out_of_memory(error):
    return "out of memory" in str(error).lower()


def run_sweep(args, device):
    if device.type == "cuda":
        torch.backends.cudnn.benchmark = True
    points = sweep_points(args.widths, args.batches)
    measured, reason = 0, "every point measured"
    for index, (width, batch) in enumerate(points):
        try:
            line = measure(width, batch, device, warmup=1, min_seconds=args.min_seconds, seed=args.seed)
        except RuntimeError as error:
            if not is_out_of_memory(error):
                raise
            reason = f"width {width}, batch {batch} ran out of memory on {device.type}"
            if device.type == "cuda":
                torch.cuda.empty_cache()
            skipped = points[index:]
            break
        emit(line)
        measured += 1
        if args.max_seconds_per_step is not None and line["ms_per_step"] > args.max_seconds_per_step * 1000:
            reason = f"width {width}, batch {batch} took {line['ms_per_step'] / 1000:.2f} s per step, over --max-seconds-per-step {args.max_seconds_per_step}"
            skipped = points[index + 1 :]
            break
    else:
        skipped = []
    emit({"mode": "sweep", "measured": measured, "skipped": [list(p) for p in skipped], "reason": reason if skipped else "every point measured"})


# ——— training on CIFAR-10 records ———


def mulberry32(seed):
    """seededRandom() of labs/cnn/synthetic.ts, bit for bit: numbers in [0, 1)."""
    mask = 0xFFFFFFFF
    state = seed & mask

    def random():
        nonlocal state
        state = (state + 0x6D2B79F5) & mask
        t = state
        t = ((t ^ (t >> 15)) * (t | 1)) & mask
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & mask)) & mask
        return ((t ^ (t >> 14)) & mask) / 4294967296

    return random


def epoch_order(count, seed, epoch):
    """The order in which epoch `epoch` (0, 1, ...) visits the images: epochOrder() of labs/cnn/train.ts,
    a Fisher-Yates shuffle of 0..count-1 from i = count-1 down to 1, drawn from mulberry32(seed * 1000 + epoch)."""
    random = mulberry32(seed * 1000 + epoch)
    order = list(range(count))
    for i in range(count - 1, 0, -1):
        j = int(random() * (i + 1))
        order[i], order[j] = order[j], order[i]
    return order


# notebook: begin records
def load_records(path):
    """Official records -> NCHW float32 in [-1, 1] and int64 labels. Scales in float64 and rounds once to
    float32, as JavaScript's value / 127.5 - 1 stored in a Float32Array does, so both sides hold equal pixels."""
    try:
        with open(path, "rb") as file:
            raw = file.read()
    except OSError as error:
        fail(f"cannot read {path}: {error.strerror}.")
    if len(raw) == 0 or len(raw) % RECORD_BYTES:
        fail(f"{path} has {len(raw)} bytes, not a whole number of {RECORD_BYTES}-byte CIFAR-10 records: it is truncated or not CIFAR-10 binary data.")
    records = torch.frombuffer(bytearray(raw), dtype=torch.uint8).view(-1, RECORD_BYTES)
    labels = records[:, 0].long()
    if int(labels.max()) >= NUM_CLASSES:
        fail(f"{path} has a label above 9, so it is not CIFAR-10 data.")
    images = (records[:, 1:].double() / 127.5 - 1).float().view(-1, CHANNELS, IMAGE_SIZE, IMAGE_SIZE)
    return images, labels


def accuracy(model, images, labels, device, batch=1000):
    correct = 0
    with torch.no_grad():
        for start in range(0, len(labels), batch):
            logits = model(images[start : start + batch].to(device))
            correct += int((logits.argmax(1).cpu() == labels[start : start + batch]).sum())
    return correct / len(labels)
# notebook: end records


def run_train(args, device):
    train_images, train_labels = load_records(args.data)
    test_images, test_labels = load_records(args.test)
    model, optimizer = create_training(1, device, args.seed)
    shuffle_seed = args.shuffle_seed if args.shuffle_seed is not None else args.seed
    count = len(train_labels)
    train_images, train_labels = train_images.to(device), train_labels.to(device)
    training_seconds = 0.0
    for epoch in range(args.epochs):
        order = torch.tensor(epoch_order(count, shuffle_seed, epoch), device=device)
        synchronise(device)
        started = time.perf_counter()
        loss_sum = torch.zeros((), device=device)
        batches = 0
        for start in range(0, count, args.batch):
            index = order[start : start + args.batch]
            loss_sum += train_step(model, optimizer, train_images[index], train_labels[index]).detach()
            batches += 1
        mean_loss = float(loss_sum) / batches
        synchronise(device)
        seconds = time.perf_counter() - started
        training_seconds += seconds
        emit({"mode": "train-epoch", "epoch": epoch + 1, "loss": round(mean_loss, 5), "seconds": round(seconds, 3)})
    test_accuracy = accuracy(model, test_images, test_labels, device)
    emit({
        "mode": "train",
        "device": device.type,
        "device_name": device_name(device),
        "threads": torch.get_num_threads(),
        "epochs": args.epochs,
        "batch": args.batch,
        "seed": args.seed,
        "train_images": count,
        "test_images": len(test_labels),
        "test_accuracy": round(test_accuracy * 100, 2),
        "images_per_second": round(count * args.epochs / training_seconds, 1) if training_seconds > 0 else None,
        "seconds": round(training_seconds, 3),
        "torch": torch.__version__,
    })


# ——— self-test ———


def run_self_test():
    problems = []
    flops = {width: training_flops_per_image(width) for width in EXPECTED_TRAINING_FLOPS_PER_IMAGE}
    for width, expected in EXPECTED_TRAINING_FLOPS_PER_IMAGE.items():
        if flops[width] != expected:
            problems.append(f"width {width}: {flops[width]} training FLOPs per image, flops.ts says {expected}")
    parameters = sum(p.numel() for p in Cnn(1).parameters())
    if parameters != EXPECTED_PARAMETERS_WIDTH_1:
        problems.append(f"{parameters} parameters at width 1, model.ts has {EXPECTED_PARAMETERS_WIDTH_1}")
    random = mulberry32(42)
    drawn = [random() for _ in EXPECTED_MULBERRY32_SEED_42]
    if drawn != EXPECTED_MULBERRY32_SEED_42:
        problems.append(f"mulberry32(42) drew {drawn}, seededRandom(42) draws {EXPECTED_MULBERRY32_SEED_42}")
    emit({"mode": "self-test", "ok": not problems, "problems": problems, "training_flops_per_image": {str(w): f for w, f in flops.items()}, "parameters": parameters})
    sys.exit(0 if not problems else 1)


# ——— command line ———


def whole_numbers(text):
    try:
        numbers = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected whole numbers separated by commas, like 1,2,4, not {text!r}")
    if not numbers or any(n < 1 for n in numbers):
        raise argparse.ArgumentTypeError(f"expected whole numbers above 0, like 1,2,4, not {text!r}")
    return numbers


def positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number above 0, not {text!r}")
    return value


def non_negative_int(text):
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, not {text!r}")
    return value


def parser():
    root = argparse.ArgumentParser(description="The project's PyTorch reference for the course CNN (see the module docstring).")
    modes = root.add_subparsers(dest="mode", required=True)

    def common(mode):
        mode.add_argument("--device", choices=["cpu", "cuda", "auto"], default="auto")
        mode.add_argument("--threads", type=positive_int, help="torch.set_num_threads (default: torch's own)")
        mode.add_argument("--seed", type=int, default=42)

    throughput = modes.add_parser("throughput", help="training speed at one size")
    throughput.add_argument("--width", type=positive_int, default=1)
    throughput.add_argument("--batch", type=positive_int, default=64)
    throughput.add_argument("--steps", type=positive_int, help="timed steps (default: enough for --min-seconds)")
    throughput.add_argument("--warmup", type=non_negative_int, default=5, help="untimed steps after the first")
    throughput.add_argument("--min-seconds", type=float, default=1.0)
    common(throughput)

    sweep = modes.add_parser("sweep", help="training speed at every (width, batch)")
    sweep.add_argument("--widths", type=whole_numbers, default=[1, 2, 4, 8])
    sweep.add_argument("--batches", type=whole_numbers, default=[64, 256, 1024])
    sweep.add_argument("--max-seconds-per-step", type=float)
    sweep.add_argument("--min-seconds", type=float, default=1.0)
    common(sweep)

    train = modes.add_parser("train", help="train on CIFAR-10 records, report test accuracy")
    train.add_argument("--data", required=True, help="training records (official CIFAR-10 binary format)")
    train.add_argument("--test", required=True, help="test records (same format)")
    train.add_argument("--epochs", type=non_negative_int, default=5)
    train.add_argument("--batch", type=positive_int, default=64)
    train.add_argument("--shuffle-seed", type=int, help="seed of the epoch shuffles (default: --seed)")
    common(train)

    modes.add_parser("self-test", help="check the FLOP and parameter counts against the TypeScript side")
    return root


def main():
    args = parser().parse_args()
    if args.mode == "self-test":
        run_self_test()
    if args.threads:
        torch.set_num_threads(args.threads)
    device = pick_device(args.device)
    {"throughput": run_throughput, "sweep": run_sweep, "train": run_train}[args.mode](args, device)


if __name__ == "__main__":
    main()
