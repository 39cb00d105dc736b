/**
 * Starts each tfjs backend the GPU benchmark sweeps in Node, and checks that it computes the same
 * training step as tfjs's plain-JavaScript CPU backend before any timing is trusted.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { NUM_CLASSES } from '../../../labs/api/cifar10.ts';
import { createCnn, createOptimizer, trainStep } from '../../../labs/cnn/model.ts';
import { registerWasmTrainingKernels } from '../../../src/lab/worker/wasm-kernels/index.ts';
import { describeAdapter, setUpWebGpu, type WebGpuOptions, type WebGpuSetup } from './webgpu-node.ts';
import type { BackendRecord, TfjsBackend } from './records.ts';

/** The size and seed of the correctness check: small enough for a software GPU, in every run. */
export const CHECK = { width: 1, batch: 8, seed: 42 } as const;

/**
 * The loss of one training step at the check size on the active backend: the forward pass at the initial
 * weights, after which the backward pass and Adam's update have run too. The weights and the batch come
 * from seeded generators that run in JavaScript, so every backend starts from the same numbers.
 */
export async function checkLoss(): Promise<number> {
  const model = createCnn(CHECK.seed, CHECK.width);
  const optimizer = createOptimizer();
  const images = tf.randomUniform<tf.Rank.R4>([CHECK.batch, 32, 32, 3], -1, 1, 'float32', CHECK.seed);
  const labels = tf.tidy(() =>
    tf.cast(tf.floor(tf.randomUniform([CHECK.batch], 0, NUM_CLASSES, 'float32', CHECK.seed + 1)), 'int32'),
  );
  try {
    const loss = trainStep(model, optimizer, images, labels);
    const value = (await loss.data())[0];
    loss.dispose();
    return value;
  } finally {
    tf.dispose([images, labels]);
    optimizer.dispose();
    model.dispose();
  }
}

/** A check step's loss on the active backend: `checkLoss` for the CNN, `transformerCheckLoss` for the transformer. */
export type CheckStep = () => Promise<number>;

/** Each check's loss on the CPU backend, computed once. */
const cpuLosses = new Map<CheckStep, number>();

async function cpuCheckLoss(check: CheckStep): Promise<number> {
  let loss = cpuLosses.get(check);
  if (loss === undefined) {
    await tf.setBackend('cpu');
    loss = await check();
    cpuLosses.set(check, loss);
  }
  return loss;
}

export interface StartedBackend {
  record: BackendRecord;
  /** webgpu only: the device's asynchronous errors since the last call. */
  takeDeviceErrors(): string[];
}

/**
 * Makes `backend` the active tfjs backend and describes it, with `check`'s loss on it and on the CPU backend;
 * the record's `error` says why not, if it failed.
 */
export async function startBackend(
  backend: TfjsBackend,
  webgpuOptions: WebGpuOptions,
  check: CheckStep = checkLoss,
): Promise<StartedBackend> {
  let webgpu: WebGpuSetup | null = null;
  const record: BackendRecord = { record: 'backend', backend, device: '' };
  try {
    const reference = await cpuCheckLoss(check);
    if (backend === 'webgpu') {
      webgpu = await setUpWebGpu(webgpuOptions);
      record.device = describeAdapter(webgpu.adapter);
      record.adapter = webgpu.adapter;
      record.driver = webgpu.driver;
    } else {
      registerWasmTrainingKernels();
    }
    if (!(await tf.setBackend(backend))) throw new Error(`tfjs could not initialise its ${backend} backend.`);
    await tf.ready();
    if (backend === 'wasm') {
      record.threads = getThreadsCount();
      record.device = `WebAssembly, ${record.threads} thread(s), SIMD: ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT')}`;
    }
    const loss = await check();
    record.check_loss = loss;
    record.check_loss_cpu = reference;
    record.check_loss_matches = Number.isFinite(loss) && Math.abs(loss - reference) <= 1e-3 * Math.max(1, Math.abs(reference));
    const deviceErrors = webgpu?.takeDeviceErrors() ?? [];
    if (deviceErrors.length > 0) throw new Error(`the WebGPU device reported: ${deviceErrors.join('; ')}`);
  } catch (error) {
    record.error = error instanceof Error ? error.message : String(error);
  }
  return { record, takeDeviceErrors: () => webgpu?.takeDeviceErrors() ?? [] };
}
