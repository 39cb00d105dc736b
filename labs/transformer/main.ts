import type { BackendName, Lab } from '../api';
import { notOneOf } from '../api/choices.ts';
import { TINY_SHAKESPEARE_CHARACTERS } from '../api/text-corpus.ts';
import { runTraining } from './run.ts';
import { runSweep } from './sweep.ts';

// What to run. Change it and press Run:
//   'train'  a small transformer learns to write Shakespeare-like text: the same model, weights and batches on
//            every backend below, the loss as it falls, characters per second, and text before and after
//            (about 1.1 MB to download once; a minute or two on a laptop without a GPU)
//   'sweep'  where a GPU pulls ahead: the model grows wider (64 → 512) and its context longer (64 → 512), and
//            each backend's training speed is measured at every size, with the GPU's lead over WASM
const EXPERIMENTS = ['train', 'sweep'] as const;
type Experiment = (typeof EXPERIMENTS)[number];
const EXPERIMENT: Experiment = 'train';

// The backends to train on, in order. 'wasm' is the CPU baseline; 'cpu' (plain JavaScript) is far slower.
const BACKENDS: BackendName[] = ['wasm', 'webgl', 'webgpu'];

// The model: 2 pre-norm blocks of causal attention and an MLP, 64 numbers per character, 64 characters of context.
export const LAYERS = 2;
export const WIDTH = 64;
export const CONTEXT = 64;
export const HEADS = 4; // WIDTH must divide by HEADS
export const BATCH_SIZE = 16; // sequences per step: 16 × 64 = 1,024 characters
const STEPS = 200;
const LEARNING_RATE = 3e-3; // Adam
const SEED = 42; // same weights and batches on every backend

const LOSS_READ_EVERY = 20; // steps between loss reads: each read makes the CPU wait for the GPU
const VALIDATION_BATCHES = 8; // from the last 10 % of the text, which the model never trains on
const GENERATE_CHARACTERS = 240;
const TEMPERATURE = 0.8; // below 1: likelier characters more often
const PROMPT = 'ROMEO:\n';

// Slow backends train this many steps only: plain JavaScript always, and WebGL/WebGPU on a software renderer
// (no usable GPU) unless SHRINK_ON_SOFTWARE_GPU is false.
const SMALL_STEPS = 3; // 2 untimed and 1 timed: an emulated WebGPU can take 10 s a step
const SHRINK_ON_SOFTWARE_GPU = true;

// The 'sweep': the width grows at CONTEXT, then the context grows at WIDTH. A backend stops growing once a step
// would take longer than MAX_SECONDS_PER_STEP or hold more than MEMORY_LIMIT_MB of tensors.
export const SWEEP_WIDTHS = [64, 128, 256, 512];
export const SWEEP_CONTEXTS = [64, 128, 256, 512];
export const SWEEP_BATCH_SIZE = 8;
const MAX_SECONDS_PER_STEP = 2;
const SECONDS_PER_POINT = 1;
const MEMORY_LIMIT_MB = 400;

export default async function main(lab: Lab) {
  // Types are erased when the program runs: a misspelt EXPERIMENT stops here, naming the valid ones.
  if (!EXPERIMENTS.includes(EXPERIMENT)) throw new RangeError(notOneOf('EXPERIMENT', EXPERIMENT, EXPERIMENTS));
  const model = { layers: LAYERS, width: WIDTH, context: CONTEXT, heads: HEADS };
  if (EXPERIMENT === 'sweep') {
    await runSweep(lab, {
      backends: BACKENDS,
      model,
      vocabulary: TINY_SHAKESPEARE_CHARACTERS, // the sweep trains on random characters of the same alphabet
      widths: SWEEP_WIDTHS,
      contexts: SWEEP_CONTEXTS,
      batchSize: SWEEP_BATCH_SIZE,
      maxSecondsPerStep: MAX_SECONDS_PER_STEP,
      secondsPerPoint: SECONDS_PER_POINT,
      memoryLimitMB: MEMORY_LIMIT_MB,
      seed: SEED,
    });
    return;
  }
  await runTraining(lab, {
    backends: BACKENDS,
    model,
    batchSize: BATCH_SIZE,
    steps: STEPS,
    learningRate: LEARNING_RATE,
    seed: SEED,
    lossReadEvery: LOSS_READ_EVERY,
    validationBatches: VALIDATION_BATCHES,
    generateCharacters: GENERATE_CHARACTERS,
    temperature: TEMPERATURE,
    prompt: PROMPT,
    smallSteps: SMALL_STEPS,
    shrinkOnSoftwareGpu: SHRINK_ON_SOFTWARE_GPU,
  });
}
