import * as tf from '@tensorflow/tfjs';
import type { Lab, TableRow } from '../api';
import { createLeNet, stripedImages } from './lenet-layers.ts';
import { estimateTrainingMemory, largestBatch, parameterCount, type TrainingPrecision } from './memory-model.ts';
import {
  FLOAT16_MAX,
  hasFloat16Array,
  nativeFloat16Round,
  relativeError,
  simulateLossScaling,
  smallestFloat16,
  toFloat16,
  truncateToBfloat16,
} from './precision.ts';
import { restartWebGl } from './webgl-textures.ts';
import { gpuMatMul, maxRelativeError, referenceMatMul } from './wgsl-matmul.ts';

/** Values to store in each format: ordinary ones, the float16 ceiling and beyond, and tiny gradients. */
const SAMPLE_VALUES = [0.1, 1 / 3, 3.14159265, 1000.7, 65504, 65519, 70000, 1e-4, 1e-6, 1e-8];
/** The GPU memory you pretend to have, in MB (10⁶ bytes). The project CNN is small, so the budget is too. */
const GPU_MEMORY_BUDGET_MB = 3.5;
/** Batch sizes to fit in that budget: Week 6, scenario 4 goes from 16 to 64. */
const BATCH_SIZES = [16, 64];
/** Dynamic loss scaling: start at 2^16 (as PyTorch does) and grow after this many good steps. */
const INITIAL_SCALE = 2 ** 16;
const GROWTH_INTERVAL = 3;
/** Training on WebGL with float32, then float16 textures: a few steps, small batches (software GPUs are slow). */
const TRAIN_STEPS = 8;
const TRAIN_BATCH = 4;
/** Size of the hand-written WGSL matrix product. */
const WGSL_SIZE = 256;

function show(value: number): string {
  if (!Number.isFinite(value) || value === 0) return String(value);
  return Math.abs(value) >= 1e-3 && Math.abs(value) < 1e6 ? String(Number(value.toPrecision(10))) : value.toExponential(6);
}

function megabytes(bytes: number): number {
  return Number((bytes / 1e6).toFixed(3));
}

export default async function main(lab: Lab) {
  // 1. float16 and bfloat16 against float32, value by value.
  lab.log(
    `Math.f16round: ${nativeFloat16Round() ? 'built in' : "missing, using the lab's own rounding"}; ` +
      `Float16Array: ${hasFloat16Array() ? 'built in' : 'missing'}.`,
  );
  const formatRows: TableRow[] = SAMPLE_VALUES.map((value) => {
    const half = toFloat16(value);
    const brain = truncateToBfloat16(value);
    return {
      value: show(value),
      float32: show(Math.fround(value)),
      float16: show(half),
      'float16 error': show(relativeError(value, half)),
      bfloat16: show(brain),
      'bfloat16 error': show(relativeError(value, brain)),
    };
  });
  lab.table(formatRows, { title: 'One value, three formats (error relative to the value)' });
  lab.log(
    `Largest float16: ${FLOAT16_MAX}. float16(${FLOAT16_MAX} × 2) = ${toFloat16(FLOAT16_MAX * 2)}: overflow gives Infinity.`,
  );
  lab.log(
    `A gradient of 1e-8 in float16 is ${toFloat16(1e-8)}: below 2⁻²⁵ (≈3e-8) float16 rounds to 0, so that weight stops learning. ` +
      'Below 2⁻¹⁴ (≈6.1e-5) values survive as subnormals, with fewer significant bits.',
  );
  lab.measured('float16-smallest', smallestFloat16(), '');
  lab.log(
    `bfloat16 keeps float32's 8 exponent bits: 70000 becomes ${truncateToBfloat16(70000)} and 1e-8 stays ${show(truncateToBfloat16(1e-8))}, ` +
      'but only about 2.4 significant digits survive (8 bits of precision). Same range, fewer digits: that is why bfloat16 needs no loss scaling. ' +
      'This lab truncates to bfloat16; PyTorch rounds to the nearest even value, so its largest error is half of this one.',
  );

  // 2. Dynamic loss scaling, simulated: the gradients of a few steps, one with a spike that overflows.
  const stepGradients = [1, 1, 1, 1, 4, 1, 1, 1, 1, 1].map((spike) => [1e-8, 3e-6, 0.01, 0.3 * spike]);
  const steps = simulateLossScaling(stepGradients, {
    initialScale: INITIAL_SCALE,
    growthFactor: 2,
    backoffFactor: 0.5,
    growthInterval: GROWTH_INTERVAL,
  });
  lab.table(
    steps.map((step) => ({
      step: step.step,
      scale: `2^${Math.log2(step.scale)}`,
      overflow: step.overflow,
      'grad 1e-8, unscaled': step.gradients ? show(step.gradients[0] ?? 0) : 'step skipped',
      'grad 1e-8 without scaling': show(toFloat16(1e-8)),
      'next scale': `2^${Math.log2(step.nextScale)}`,
    })),
    { title: `Dynamic loss scaling: ×2 after ${GROWTH_INTERVAL} good steps, ÷2 and skip on overflow` },
  );
  const scaleChart = lab.lineChart({
    title: 'Loss scale per step (log₂)',
    series: ['log2(scale)'],
    xLabel: 'step',
    yLabel: 'log₂ scale',
  });
  for (const step of steps) scaleChart.add(step.step, { 'log2(scale)': Math.log2(step.scale) });

  // 3. Memory of one training step of the project CNN, against the budget: arithmetic on the model's
  //    shapes (memory-model.ts), not a measurement.
  const budgetBytes = GPU_MEMORY_BUDGET_MB * 1e6;
  const precisions: TrainingPrecision[] = ['float32', 'autocast float16'];
  const memoryRows: TableRow[] = [];
  const bars: Record<string, number> = {};
  for (const batchSize of BATCH_SIZES) {
    for (const precision of precisions) {
      const estimate = estimateTrainingMemory(precision, batchSize);
      memoryRows.push({
        batch: batchSize,
        precision,
        'parameters MB': megabytes(estimate.parameters),
        'gradients MB': megabytes(estimate.gradients),
        'Adam moments MB': megabytes(estimate.optimizer),
        'input batch MB': megabytes(estimate.inputBatch),
        'activations MB': megabytes(estimate.activations),
        'total MB': megabytes(estimate.total),
        [`fits ${GPU_MEMORY_BUDGET_MB} MB`]: estimate.total <= budgetBytes ? 'yes' : 'no: out of memory',
      });
      bars[`batch ${batchSize} ${precision}`] = megabytes(estimate.total);
    }
  }
  lab.measured('autocast-memory', megabytes(estimateTrainingMemory('autocast float16', 64).total), 'MB');
  lab.log(
    `Model: ${parameterCount().toLocaleString('en-GB')} parameters, Adam. Computed from the shapes, not measured. ` +
      'float32 keeps every value in 4 bytes. autocast float16 (torch.autocast, Keras "mixed_float16") keeps the parameters, ' +
      "their gradients and Adam's two moments in float32 (4 + 4 + 8 bytes per parameter, as in float32) and the float32 input batch; " +
      'only the activations saved for the backward pass are float16 (2 bytes), plus a float16 copy of the input for the first convolution. ' +
      'The older alternative, float16 weights with a float32 master copy for the optimiser, is not modelled here.',
  );
  lab.table(memoryRows, { title: 'Memory for one training step of the project CNN' });
  lab.barChart({
    title: `Training memory against a ${GPU_MEMORY_BUDGET_MB} MB budget`,
    bars: { ...bars, budget: GPU_MEMORY_BUDGET_MB },
    unit: 'MB',
  });
  lab.log(
    `Largest batch in ${GPU_MEMORY_BUDGET_MB} MB: ${largestBatch('float32', budgetBytes)} in float32, ` +
      `${largestBatch('autocast float16', budgetBytes)} with autocast. The parameters, gradients and Adam's moments cost the same ` +
      'under both; only the saved activations shrink, and that buys the bigger batch.',
  );

  // 4. Training on WebGL with float32 textures, then float16 textures.
  await trainWithTexturePrecision(lab);

  // 5. A matrix product in WGSL, f32 against f16.
  await compareWgslPrecision(lab);
}

async function trainWithTexturePrecision(lab: Lab): Promise<void> {
  const startedOn = lab.device().backend;
  try {
    await lab.useBackend('webgl');
  } catch (error) {
    lab.log(`WebGL texture precision: not available here (${error instanceof Error ? error.message : String(error)}).`);
    return;
  }
  const chart = lab.lineChart({
    title: 'Training loss on WebGL (synthetic data)',
    series: ['float32 textures', 'float16 textures'],
    xLabel: 'step',
    yLabel: 'loss',
  });
  const rows: TableRow[] = [];
  for (const half of [false, true]) {
    const series = half ? 'float16 textures' : 'float32 textures';
    await restartWebGl(half);
    // Tiled to 1,536 values: WebGL hands tiny operations to the CPU, and these must run on the GPU.
    const stored = tf.tidy(() =>
      tf
        .tensor1d([0.1, 1 / 3, 70000])
        .tile([512])
        .mul(1),
    );
    const roundTrip = Array.from((await stored.data()).slice(0, 3), show).join(', ');
    stored.dispose();
    const model = createLeNet(42);
    const optimizer = tf.train.adam(0.001);
    const losses: tf.Scalar[] = [];
    const started = performance.now();
    for (let step = 0; step < TRAIN_STEPS; step++) {
      const { images, labels } = stripedImages(TRAIN_BATCH, step + 1);
      const loss = optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(labels, model.apply(images) as tf.Tensor),
        true,
      );
      if (loss) losses.push(loss);
      tf.dispose([images, labels]);
    }
    // One read at the end: the loop never waits for the GPU, and this read is the synchronisation.
    const stacked = tf.stack(losses);
    const values = Array.from(await stacked.data());
    const seconds = (performance.now() - started) / 1000;
    values.forEach((loss, step) => chart.add(step + 1, { [series]: loss }));
    rows.push({
      textures: series,
      '0.1, 1/3, 70000 read back': roundTrip,
      'first loss': show(values[0] ?? Number.NaN),
      'last loss': show(values.at(-1) ?? Number.NaN),
      'ms per step': Number(((seconds * 1000) / TRAIN_STEPS).toFixed(1)),
    });
    tf.dispose([stacked, ...losses]);
    optimizer.dispose();
    model.dispose();
  }
  await restartWebGl(false);
  lab.table(rows, { title: `${TRAIN_STEPS} training steps, batch ${TRAIN_BATCH}, same seed, on WebGL` });
  lab.log(
    'float16 textures store every activation, weight and gradient in 16 bits: no float32 weights and no loss scaling, ' +
      'so this is pure half precision, not mixed precision. Rounding errors pile up from the first step.',
  );
  const broken = rows.find((row) => row['last loss'] === 'NaN' || row['last loss'] === 'Infinity');
  if (broken) {
    lab.log(
      `With ${String(broken.textures)} the loss ended as ${String(broken['last loss'])}: a value overflowed or lost all its digits in 16 bits, ` +
        'and nothing caught it. Mixed precision exists to prevent exactly this: weights and gradients kept in float32, ' +
        'float32 for risky operations, and loss scaling.',
    );
  }
  if (startedOn === 'cpu' || startedOn === 'wasm' || startedOn === 'webgpu') await lab.useBackend(startedOn);
}

async function compareWgslPrecision(lab: Lab): Promise<void> {
  if (typeof navigator !== 'object' || !('gpu' in navigator) || !navigator.gpu) {
    lab.log('WGSL f16 vs f32: not available here (no navigator.gpu, so no WebGPU).');
    return;
  }
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) {
    lab.log('WGSL f16 vs f32: not available here (WebGPU found no adapter).');
    return;
  }
  const hasF16 = adapter.features.has('shader-f16');
  if (!hasF16) {
    lab.log(
      `This adapter (${adapter.info.vendor} ${adapter.info.architecture}) has no 'shader-f16' feature, so WGSL f16 is not available here: ` +
        'its shader compiler has no 16-bit float type (SwiftShader, a CPU stand-in for a GPU, never lists it). ' +
        'Only the f32 product runs; on a GPU with shader-f16 the same code runs in f16 too.',
    );
  }
  const device = await adapter.requestDevice({ requiredFeatures: hasF16 ? ['shader-f16'] : [] });
  const random = seededUniform(3);
  const a = Float64Array.from({ length: WGSL_SIZE * WGSL_SIZE }, random);
  const b = Float64Array.from({ length: WGSL_SIZE * WGSL_SIZE }, random);
  const reference = referenceMatMul(a, b, WGSL_SIZE);
  const rows: TableRow[] = [];
  for (const type of hasF16 ? (['f32', 'f16'] as const) : (['f32'] as const)) {
    const result = await gpuMatMul(device, a, b, WGSL_SIZE, type, 3);
    rows.push({
      shader: type,
      'median ms': Number(result.medianMs.toFixed(2)),
      'max error vs float64': show(maxRelativeError(result.values, reference)),
    });
  }
  device.destroy();
  lab.table(rows, { title: `WGSL matrix product ${WGSL_SIZE}×${WGSL_SIZE}, error relative to the largest float64 value` });
}

/** Values in [-1, 1) from a seed, so every run multiplies the same matrices. */
function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 2 ** 32) * 2 - 1;
  };
}
