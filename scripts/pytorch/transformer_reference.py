#!/usr/bin/python3
"""The project's PyTorch reference for the transformer lab (labs/transformer/model.ts): the same decoder-only
character transformer, written to be read beside the TypeScript.

  one-hot embedding (tied to the output) + learned positions · pre-norm blocks of causal multi-head attention
  and a 4x MLP with tanh-GELU · final layer norm · logits = normed . tokenEmbedding^T · mean cross-entropy ·
  Adam (beta 0.9, 0.999, epsilon 1e-7, TensorFlow.js's), float32 throughout.

The weights are a dict keyed by the names of variableNames() in model.ts ('tokenEmbedding',
'blocks.0.queryKeyValue', ...), in that order and with TensorFlow.js's shapes: a dense weight is [in, out] and
multiplies as x @ W (not nn.Linear's [out, in]), so TF.js's numbers load as they are.

`npm run bench -- --model transformer` and `npm run bench:gpu -- --model transformer` run this script beside
TensorFlow.js on the same machine; tests/unit/transformer-reference.test.ts checks that it trains step for
step like TF.js. Needs torch for the python3 that runs it (Debian: apt-get install -y python3-torch; run it
with /usr/bin/python3).

Modes (every line on stdout is one JSON object; progress and errors go to stderr):

  same-steps < JSON
      Reads {"shape": {vocabulary, width, context, layers, heads}, "weights": {name: flat row-major list},
      "batches": [{"inputs": [...], "targets": [...]}], "batchSize": B, "learningRate": LR} on stdin, trains
      one Adam step per batch from those weights, and prints {"mode":"same-steps","losses":[...]}: each batch's
      loss before its step.
  throughput [--width 64] [--context 64] [--layers 2] [--heads 4] [--vocabulary 65] [--batch 16]
             [--steps N] [--warmup 1] [--repeats 3] [--min-seconds 1] [--seed 42] [--device D] [--threads N]
      Trains on one random batch that stays on the device, with the timing rule of measurePoint in
      labs/transformer/measure.ts: the first step timed alone (firstStepMs), --warmup untimed steps, then
      --repeats timed repeats of --steps steps each (default: enough for --min-seconds in all, 1 to 1,000),
      synchronised before every clock read; msPerStep is the repeats' median. One line:
      {"mode":"throughput","msPerStep","tokensPerSecond","gflopsPerSecond","flopsPerStep","firstStepMs",
       "repeatMsPerStep","steps","width","context","layers","heads","vocabulary","batch","device",
       "deviceName","threads","torch"}
  sweep --sizes 64x64,128x64,... [--batch 8] [--layers 2] [--heads 4] [--vocabulary 65]
        [--max-seconds-per-step S] [--min-seconds 1] [--device D] [--threads N]
      One throughput line per WIDTHxCONTEXT size, in the order given. A size whose step would take longer
      than S seconds (extrapolated at the GFLOP/s of the last size measured with the same width or the same
      context: the same line of the lab's sweep) is left out, as is one that runs out of memory; a last line
      {"mode":"sweep","measured":n,"skipped":[{"width","context","reason"},...]} says which and why.
  counts [--width 64] [--context 64] [--layers 2] [--heads 4] [--vocabulary 65] [--batch 16]
      {"mode":"counts","parameters","flopsPerStep":{"dense","attention","embeddingAndOutput","total"}}: the
      parameters of this model, counted from its tensors, and the FLOPs of a training step, which the unit test
      compares with parameterCount() and trainingFlops() of the TypeScript side.

--device auto (the default) is cuda when torch sees a GPU, else cpu. --threads sets torch.set_num_threads
and the BLAS library's threads (cnn_reference.limit_blas_threads, which runs when it is imported: before torch
loads); without it torch keeps its defaults, and every line reports the count it ran with.
"""
import argparse
import json
import math
import statistics
import sys

# The device's choice and name, the clock and CUDA's synchronisation are the CNN reference's, so both time alike. Imported
# before torch: importing it gives --threads to the BLAS library, which reads its thread count when torch loads.
from cnn_reference import device_name, non_negative_int, pick_device, positive_int, synchronise, timed_steps

import torch
import torch.nn.functional as F

LAYER_NORM_EPSILON = 1e-5
ADAM_EPSILON = 1e-7  # TensorFlow.js's (createOptimizer in labs/transformer/train.ts); PyTorch's default is 1e-8
MASKED = -1e9  # added to the scores of future positions, as causalMask() does: softmax gives them 0
INIT_STD = 0.02  # the normal initialisation of createTransformer (GPT-2's)

# The fields of one block, in the order of BLOCK_FIELDS in labs/transformer/model.ts.
BLOCK_FIELDS = [
    "norm1Scale",
    "norm1Shift",
    "queryKeyValue",
    "attentionOut",
    "norm2Scale",
    "norm2Shift",
    "mlpIn",
    "mlpInBias",
    "mlpOut",
    "mlpOutBias",
]
SHAPE_FIELDS = ["vocabulary", "width", "context", "layers", "heads"]


def fail(message):
    print(f"transformer_reference.py: {message}", file=sys.stderr)
    sys.exit(2)


# ——— the weights ———


def variable_shapes(shape):
    """Every weight's name and TensorFlow.js shape, in the order of variableNames() in model.ts."""
    v, d, t = shape["vocabulary"], shape["width"], shape["context"]
    block = {
        "norm1Scale": [d],
        "norm1Shift": [d],
        "queryKeyValue": [d, 3 * d],
        "attentionOut": [d, d],
        "norm2Scale": [d],
        "norm2Shift": [d],
        "mlpIn": [d, 4 * d],
        "mlpInBias": [4 * d],
        "mlpOut": [4 * d, d],
        "mlpOutBias": [d],
    }
    shapes = {"tokenEmbedding": [v, d], "positionEmbedding": [t, d]}
    for layer in range(shape["layers"]):
        for field in BLOCK_FIELDS:
            shapes[f"blocks.{layer}.{field}"] = block[field]
    shapes["finalNormScale"] = [d]
    shapes["finalNormShift"] = [d]
    return shapes


def check_shape(shape):
    for name in SHAPE_FIELDS:
        value = shape.get(name)
        if not isinstance(value, int) or value < 1:
            fail(f"the shape's {name} is {value!r}; it must be a whole number of at least 1.")
    if shape["width"] % shape["heads"]:
        fail(f"width ({shape['width']}) must divide by heads ({shape['heads']}): each head gets width / heads of every vector.")


def fresh_weights(shape, device, seed):
    """New weights as createTransformer() draws them (its numbers differ: TF.js has its own generator)."""
    generator = torch.Generator().manual_seed(seed)
    weights = {}
    for name, dims in variable_shapes(shape).items():
        if name.endswith("Scale"):
            value = torch.ones(dims)
        elif name.endswith(("Shift", "Bias")):
            value = torch.zeros(dims)
        else:
            value = torch.randn(dims, generator=generator) * INIT_STD
        weights[name] = value.to(device).requires_grad_()
    return weights


def weights_from_json(shape, flat):
    """TF.js's weights, flat and row-major, as float32 tensors of their shapes; a wrong name or length fails."""
    shapes = variable_shapes(shape)
    if set(flat) != set(shapes):
        missing, extra = sorted(set(shapes) - set(flat)), sorted(set(flat) - set(shapes))
        fail(f"the weights must be named as variableNames() names them; missing {missing}, unexpected {extra}.")
    weights = {}
    for name, dims in shapes.items():
        if len(flat[name]) != math.prod(dims):
            fail(f"weight {name} has {len(flat[name])} numbers; its shape {dims} needs {math.prod(dims)}.")
        weights[name] = torch.tensor(flat[name], dtype=torch.float32).reshape(dims).requires_grad_()
    return weights


# ——— the model ———


def causal_mask(context, device):
    """[T, T]: 0 where position i may look at position j (j <= i), MASKED where j is in the future."""
    future = torch.ones(context, context, dtype=torch.bool, device=device).triu(diagonal=1)
    return torch.zeros(context, context, device=device).masked_fill(future, MASKED)


def layer_norm(x, scale, shift):
    # Biased variance and epsilon inside the root, as tf.moments and layerNorm() in model.ts.
    return F.layer_norm(x, x.shape[-1:], scale, shift, eps=LAYER_NORM_EPSILON)


def causal_self_attention(x, w, shape, batch, mask):
    """Causal multi-head self-attention over x: [batch*T, width] -> [batch*T, width]; `w` is one block's weights.

    Every position asks a question (its query) of every earlier position (their keys); the answers' weights are
    a softmax of the scaled dot products, and each position receives that weighted mix of the values. Heads
    split the width: head h reads columns h*headWidth ... (h+1)*headWidth-1 of the queries, keys and values.
    """
    width, heads = shape["width"], shape["heads"]
    t = mask.shape[0]
    head_width = width // heads
    # One wide product gives every position its query, key and value, side by side: [batch*T, 3*width].
    qkv = x @ w["queryKeyValue"]

    def to_heads(part):  # [batch*T, width] -> [batch, heads, T, headWidth]
        return part.reshape(batch, t, heads, head_width).transpose(1, 2)

    query, key, value = (to_heads(part) for part in qkv.split(width, dim=1))
    # Scores: each query against every key, [batch, heads, T, T]; times 1/sqrt(headWidth), as model.ts.
    scores = (query @ key.transpose(-2, -1)) * (1 / math.sqrt(head_width))
    # Causal: the mask adds MASKED to future keys, so their weight after softmax is 0.
    weights = torch.softmax(scores + mask, dim=-1)
    # Each position's output is its weighted mix of the values; the heads are joined back side by side.
    mixed = (weights @ value).transpose(1, 2).reshape(batch * t, width)
    return mixed @ w["attentionOut"]


def mlp(x, w):
    # GELU in the tanh form, 0.5x(1 + tanh(sqrt(2/pi)(x + 0.044715x^3))), as gelu() in model.ts.
    hidden = F.gelu(x @ w["mlpIn"] + w["mlpInBias"], approximate="tanh")
    return hidden @ w["mlpOut"] + w["mlpOutBias"]


def forward(weights, shape, inputs, mask):
    """Logits for the next character at every position: inputs [batch, T] -> [batch*T, vocabulary].

    model.ts multiplies a one-hot matrix by tokenEmbedding (a gather's gradient is a scatter, which tfjs-wasm
    lacks); indexing the rows gives the same vectors and the same gradient, and is what PyTorch code does.
    """
    batch, t = inputs.shape
    stream = weights["tokenEmbedding"][inputs.reshape(-1)] + weights["positionEmbedding"][:t].repeat(batch, 1)
    for layer in range(shape["layers"]):
        w = {field: weights[f"blocks.{layer}.{field}"] for field in BLOCK_FIELDS}
        # Pre-norm: each sublayer reads a normalised copy and adds its result to the residual stream.
        stream = stream + causal_self_attention(layer_norm(stream, w["norm1Scale"], w["norm1Shift"]), w, shape, batch, mask)
        stream = stream + mlp(layer_norm(stream, w["norm2Scale"], w["norm2Shift"]), w)
    normed = layer_norm(stream, weights["finalNormScale"], weights["finalNormShift"])
    # Tied output: each character's score is the dot product with its own embedding row.
    return normed @ weights["tokenEmbedding"].T


def loss_of(weights, shape, inputs, targets, mask):
    """Mean cross-entropy of the next character over every position, as tf.losses.softmaxCrossEntropy."""
    return F.cross_entropy(forward(weights, shape, inputs, mask), targets.reshape(-1))


def create_optimizer(weights, learning_rate):
    # Adam's update written out is the same in both frameworks: lr * m_hat / (sqrt(v_hat) + epsilon).
    return torch.optim.Adam(weights.values(), lr=learning_rate, betas=(0.9, 0.999), eps=ADAM_EPSILON)


def train_step(weights, optimizer, shape, inputs, targets, mask):
    """One step; returns the loss (before the step) without reading it back, so CUDA never waits inside a loop."""
    optimizer.zero_grad(set_to_none=True)
    loss = loss_of(weights, shape, inputs, targets, mask)
    loss.backward()
    optimizer.step()
    return loss


# ——— counts, as labs/transformer/flops.ts counts them ———


def training_flops(shape, batch):
    """labs/transformer/flops.ts's trainingFlops(), term for term (tests/unit/transformer-reference.test.ts
    checks they agree): 2 FLOPs per multiply-add; forward plus both gradients, 3x the forward, for every
    product with a weight; the one-hot embedding needs no input gradient, so it counts twice, not three times.
    Element-wise work is left out. The count is the model's, however a framework runs it (this script's
    embedding indexes rows instead of multiplying), so FLOP/s figures compare like with like."""
    d, t, layers, v = shape["width"], shape["context"], shape["layers"], shape["vocabulary"]
    positions = batch * t
    dense = 3 * layers * 24 * positions * d * d
    attention = 3 * layers * 4 * batch * t * t * d
    embedding = 2 * (2 * positions * v * d)
    output = 3 * (2 * positions * d * v)
    return {"dense": dense, "attention": attention, "embeddingAndOutput": embedding + output, "total": dense + attention + embedding + output}


def parameter_count(shape):
    return sum(weight.numel() for weight in fresh_weights(shape, torch.device("cpu"), 0).values())


# ——— same steps as TF.js ———


def run_same_steps():
    try:
        request = json.load(sys.stdin)
    except json.JSONDecodeError as error:
        fail(f"same-steps reads one JSON object on stdin: {error}.")
    for field in ("shape", "weights", "batches", "batchSize", "learningRate"):
        if field not in request:
            fail(f"same-steps: the JSON on stdin has no {field!r} (it needs shape, weights, batches, batchSize, learningRate).")
    shape = {name: request["shape"].get(name) for name in SHAPE_FIELDS}
    check_shape(shape)
    weights = weights_from_json(shape, request["weights"])
    optimizer = create_optimizer(weights, request["learningRate"])
    batch = request["batchSize"]
    losses = []
    for index, tokens in enumerate(request["batches"]):
        inputs, targets = (torch.tensor(tokens[part], dtype=torch.long) for part in ("inputs", "targets"))
        if inputs.numel() != targets.numel() or inputs.numel() % batch:
            fail(f"batch {index}: {inputs.numel()} inputs and {targets.numel()} targets are not batchSize ({batch}) rows of equal length.")
        t = inputs.numel() // batch
        inputs, targets = inputs.reshape(batch, t), targets.reshape(batch, t)
        losses.append(train_step(weights, optimizer, shape, inputs, targets, causal_mask(t, inputs.device)).item())
    emit({"mode": "same-steps", "losses": losses})


# ——— throughput and sweep ———


def measure(shape, batch, device, *, steps=None, warmup=1, repeats=3, min_seconds=1.0, min_steps=1, max_steps=1000, seed=42):
    """One size, timed as measurePoint() times it: the first step alone, `warmup` untimed steps (the last one
    sets the steps per repeat), then `repeats` timed repeats; their median is the figure."""
    weights = fresh_weights(shape, device, seed)
    optimizer = create_optimizer(weights, 1e-3)
    mask = causal_mask(shape["context"], device)
    generator = torch.Generator().manual_seed(seed + 1)
    inputs, targets = (torch.randint(0, shape["vocabulary"], (batch, shape["context"]), generator=generator).to(device) for _ in range(2))

    def step():
        return train_step(weights, optimizer, shape, inputs, targets, mask)

    first_step_ms = timed_steps(step, 1, device)
    last_ms = first_step_ms
    for _ in range(warmup):
        last_ms = timed_steps(step, 1, device)
    repeats = max(3, repeats)
    if steps is None:
        steps = min(max_steps, max(min_steps, math.ceil(min_seconds * 1000 / repeats / max(last_ms, 0.001))))
    repeat_ms = [timed_steps(step, steps, device) / steps for _ in range(repeats)]
    ms_per_step = statistics.median(repeat_ms)
    flops = training_flops(shape, batch)["total"]
    del weights, optimizer, inputs, targets
    if device.type == "cuda":
        torch.cuda.empty_cache()
    return {
        "mode": "throughput",
        "msPerStep": round(ms_per_step, 3),
        "tokensPerSecond": round(batch * shape["context"] * 1000 / ms_per_step, 1),
        "gflopsPerSecond": round(flops / (ms_per_step / 1000) / 1e9, 3),
        "flopsPerStep": flops,
        "firstStepMs": round(first_step_ms, 3),
        "repeatMsPerStep": [round(ms, 3) for ms in repeat_ms],
        "steps": steps,
        **shape,
        "batch": batch,
        "device": device.type,
        "deviceName": device_name(device),
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
    }


def shape_of(args, width=None, context=None):
    shape = {
        "vocabulary": args.vocabulary,
        "width": width or args.width,
        "context": context or args.context,
        "layers": args.layers,
        "heads": args.heads,
    }
    check_shape(shape)
    return shape


def emit(line):
    print(json.dumps(line, separators=(",", ":")), flush=True)


def run_throughput(args, device):
    emit(measure(shape_of(args), args.batch, device, steps=args.steps, warmup=args.warmup, repeats=args.repeats, min_seconds=args.min_seconds, seed=args.seed))


def last_on_line(measured, width, context):
    """The last size measured on the same line of the sweep (the same width or the same context): lastOnLine()
    of scripts/bench/transformer-plan.ts, so both frameworks leave out the same sizes for the same reason."""
    return next((line for line in reversed(measured) if line["width"] == width or line["context"] == context), None)


def run_sweep(args, device):
    measured, skipped = [], []
    for width, context in args.sizes:
        shape = shape_of(args, width, context)
        previous = last_on_line(measured, width, context)
        if previous is not None and args.max_seconds_per_step is not None:
            estimate_ms = previous["msPerStep"] * training_flops(shape, args.batch)["total"] / previous["flopsPerStep"]
            if estimate_ms > args.max_seconds_per_step * 1000:
                reason = (
                    f"a step would take about {estimate_ms / 1000:.2f} s (extrapolated from width {previous['width']}, "
                    f"context {previous['context']}), over --max-seconds-per-step {args.max_seconds_per_step}"
                )
                skipped.append({"width": width, "context": context, "reason": reason})
                continue
        try:
            line = measure(shape, args.batch, device, repeats=3, min_seconds=args.min_seconds, seed=args.seed)
        except RuntimeError as error:
            if "out of memory" not in str(error).lower():
                raise
            if device.type == "cuda":
                torch.cuda.empty_cache()
            skipped.append({"width": width, "context": context, "reason": f"out of memory on {device.type}"})
            continue
        emit(line)
        measured.append(line)
    emit({"mode": "sweep", "measured": len(measured), "skipped": skipped})


def run_counts(args):
    shape = shape_of(args)
    emit({"mode": "counts", "parameters": parameter_count(shape), "flopsPerStep": training_flops(shape, args.batch)})


# ——— command line ———


def sizes(text):
    try:
        pairs = [tuple(int(n) for n in part.split("x")) for part in text.split(",") if part.strip()]
    except ValueError:
        pairs = []
    if not pairs or any(len(pair) != 2 or min(pair) < 1 for pair in pairs):
        raise argparse.ArgumentTypeError(f"expected WIDTHxCONTEXT sizes separated by commas, like 64x64,128x64, not {text!r}")
    return pairs


def parser():
    root = argparse.ArgumentParser(description="The project's PyTorch reference for the transformer lab (see the module docstring).")
    modes = root.add_subparsers(dest="mode", required=True)

    def model(mode, batch):
        mode.add_argument("--width", type=positive_int, default=64)
        mode.add_argument("--context", type=positive_int, default=64)
        mode.add_argument("--layers", type=positive_int, default=2)
        mode.add_argument("--heads", type=positive_int, default=4)
        mode.add_argument("--vocabulary", type=positive_int, default=65)
        mode.add_argument("--batch", type=positive_int, default=batch)

    def timing(mode):
        mode.add_argument("--min-seconds", type=float, default=1.0, help="timed work per size, all repeats together")
        mode.add_argument("--device", choices=["cpu", "cuda", "auto"], default="auto")
        mode.add_argument("--threads", type=positive_int, help="torch.set_num_threads (default: torch's own)")
        mode.add_argument("--seed", type=int, default=42)

    modes.add_parser("same-steps", help="train from TF.js's weights on TF.js's batches (JSON on stdin)")

    throughput = modes.add_parser("throughput", help="training speed at one size")
    model(throughput, 16)
    throughput.add_argument("--steps", type=positive_int, help="timed steps per repeat (default: enough for --min-seconds)")
    throughput.add_argument("--warmup", type=non_negative_int, default=1, help="untimed steps after the first")
    throughput.add_argument("--repeats", type=positive_int, default=3, help="timed repeats (at least 3); the figure is their median")
    timing(throughput)

    sweep = modes.add_parser("sweep", help="training speed at several WIDTHxCONTEXT sizes")
    model(sweep, 8)
    sweep.add_argument("--sizes", type=sizes, required=True, help="WIDTHxCONTEXT,... measured in this order")
    sweep.add_argument("--max-seconds-per-step", type=float)
    timing(sweep)

    counts = modes.add_parser("counts", help="parameters and training FLOPs of one size")
    model(counts, 16)
    return root


def main():
    args = parser().parse_args()
    if args.mode == "same-steps":
        run_same_steps()
    elif args.mode == "counts":
        run_counts(args)
    else:
        if args.threads:
            torch.set_num_threads(args.threads)
        device = pick_device(args.device, fail)
        {"throughput": run_throughput, "sweep": run_sweep}[args.mode](args, device)


if __name__ == "__main__":
    main()
