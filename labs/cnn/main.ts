import type { BackendName, Lab } from '../api';
import { runBenchmark } from './benchmark.ts';
import { notOneOf } from '../api/choices.ts';
import type { DataChoice } from './data.ts';
import { fullProjectDurationText, sweepDurationText } from './expected-duration.ts';
import { runSweep } from './sweep.ts';

// What to run. Change it and press Run:
//   'compare'      the project's experiment, scaled down: real CIFAR-10, two thousand images, every
//                  backend below, loss and test accuracy per epoch, time and images/s (about 9 MB to
//                  download; about a minute on a laptop without a GPU)
//   'full-project' the notebook in full: 50,000 training and 10,000 test images, 10 epochs, batch 64,
//                  Adam 0.001 (about 55 MB to download, and minutes to hours of training: see the estimate)
//   'crossover'    where the GPU starts to win: the network grows wider and the batches larger, and each
//                  backend's training speed is measured at every size
const EXPERIMENTS = ['compare', 'full-project', 'crossover'] as const;
type Experiment = (typeof EXPERIMENTS)[number];
const EXPERIMENT: Experiment = 'compare';

// The backends to train on, in order. 'wasm' is the CPU baseline: WebAssembly with the course's added
// training kernels. 'cpu' (plain JavaScript) is the slow reference: add it and it trains a tiny workload only.
const BACKENDS: BackendName[] = ['wasm', 'webgl', 'webgpu'];

// The 'compare' workload: part of the first chunks of the training and test sets. It is small so that
// the verdict comes within a minute or two; try 5_000 images and 3 epochs for curves that say more.
const DATA: DataChoice = 'cifar10'; // or 'synthetic': generated images, no download (for offline experiments)
const TRAIN_IMAGES = 2_000;
const TEST_IMAGES = 1_000;
const EPOCHS = 2;
const BATCH_SIZE = 64;
const LEARNING_RATE = 0.001; // Adam, as in the project
const REPEATS = 1; // timed runs per backend; the table reports their median time (try 3)
const WARMUP_STEPS = 3; // untimed steps per backend first: first allocations (and shader compilation on a GPU)
const SEED = 42; // same weights, same data and the same shuffles on every backend

// How often to read the loss back for the chart. Every read makes the CPU wait until the GPU has finished
// everything queued so far, so reading every step would stall the GPU; a few reads per epoch cost almost nothing.
const LOSS_READS_PER_EPOCH = 4;

// Slow backends train a small workload only (this many images, one batch, one epoch, one run): the
// plain-JavaScript 'cpu' backend always, as it needs seconds per step, and WebGL/WebGPU when the browser
// draws them with a software renderer (no usable GPU), unless you set SHRINK_ON_SOFTWARE_GPU to false.
const SMALL_WORKLOAD_IMAGES = 32;
const SHRINK_ON_SOFTWARE_GPU = true;

// Your results are kept in this browser across runs. Set to true once to start a fresh history.
const CLEAR_SAVED_RESULTS = false;

// The 'crossover' sweep: every width (× the project's channels and hidden units) with every batch size,
// smallest work first. A backend stops growing once a step would take longer than MAX_SECONDS_PER_STEP.
const SWEEP_WIDTHS = [1, 2, 4, 8];
const SWEEP_BATCHES = [64, 256, 1024];
const MAX_SECONDS_PER_STEP = 2;
const SECONDS_PER_POINT = 1; // timed work per size and backend, after two untimed steps

export default async function main(lab: Lab) {
  // Types are erased when the program runs: a misspelt EXPERIMENT stops here, naming the valid ones.
  if (!EXPERIMENTS.includes(EXPERIMENT)) throw new RangeError(notOneOf('EXPERIMENT', EXPERIMENT, EXPERIMENTS));
  if (EXPERIMENT === 'crossover') {
    lab.log(
      sweepDurationText(BACKENDS.length, SWEEP_WIDTHS.length * SWEEP_BATCHES.length, SECONDS_PER_POINT, MAX_SECONDS_PER_STEP),
    );
    await runSweep(lab, {
      backends: BACKENDS,
      widths: SWEEP_WIDTHS,
      batches: SWEEP_BATCHES,
      maxSecondsPerStep: MAX_SECONDS_PER_STEP,
      secondsPerPoint: SECONDS_PER_POINT,
      seed: SEED,
    });
    return;
  }
  const fullProject = EXPERIMENT === 'full-project';
  if (fullProject) lab.log(fullProjectDurationText(BACKENDS.length));
  await runBenchmark(lab, {
    backends: BACKENDS,
    data: fullProject ? 'cifar10' : DATA,
    trainImages: fullProject ? 50_000 : TRAIN_IMAGES,
    testImages: fullProject ? 10_000 : TEST_IMAGES,
    epochs: fullProject ? 10 : EPOCHS,
    batchSize: fullProject ? 64 : BATCH_SIZE,
    learningRate: fullProject ? 0.001 : LEARNING_RATE,
    repeats: fullProject ? 1 : REPEATS,
    warmupSteps: WARMUP_STEPS,
    seed: SEED,
    lossReadsPerEpoch: LOSS_READS_PER_EPOCH,
    smallWorkloadImages: SMALL_WORKLOAD_IMAGES,
    shrinkOnSoftwareGpu: SHRINK_ON_SOFTWARE_GPU,
    clearSavedResults: CLEAR_SAVED_RESULTS,
    label: fullProject ? 'full project run' : undefined,
  });
}
