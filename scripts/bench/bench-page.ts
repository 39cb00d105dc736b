/**
 * The page side of `npm run bench`: bundled by scripts/bench.ts and loaded in headless Chromium once per
 * backend. It trains the project CNN with the same loops as the lab (labs/cnn/train.ts), measures the
 * crossover sweep's points with the lab's own `measurePoint` (labs/cnn/sweep-measure.ts), measures the
 * transformer with its lab's `measurePoint` (labs/transformer/measure.ts), and answers the command line
 * with plain objects (see bench-types.ts).
 */
import * as tf from '@tensorflow/tfjs';
import {
  cpuDescription,
  wasmDescription,
  webglDescription,
  webglRendererName,
  webgpuAdapterName,
  webgpuDescription,
} from '../../src/lab/shared/device-description.ts';
import { setWasmPaths, setThreadsCount, getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import { registerWasmTrainingKernels } from '../../src/lab/worker/wasm-kernels/index.ts';
import { createCnn, createOptimizer } from '../../labs/cnn/model.ts';
import { parseCifarRecords, type ImageSet } from '../../labs/api/cifar10.ts';
import { syntheticCifar } from '../../labs/cnn/synthetic.ts';
import { epochOrder, evaluate, measureThroughput, trainEpoch } from '../../labs/cnn/train.ts';
import { measurePoint } from '../../labs/cnn/sweep-measure.ts';
import { measurePoint as measureTransformer } from '../../labs/transformer/measure.ts';
import type {
  BackendStarted,
  BenchBackend,
  BenchOptions,
  BenchPage,
  BenchResult,
  SweepPointRequest,
  TransformerMeasurement,
  TransformerPointRequest,
} from './bench-types.ts';

setWasmPaths('/wasm/');
// One thread per logical core by default, as PyTorch does (threads need cross-origin isolation);
// scripts/bench.ts passes ?wasmThreads=N for --wasm-threads. It must be set before the backend starts.
const requestedThreads = Number(new URL(location.href).searchParams.get('wasmThreads'));
setThreadsCount(
  Number.isInteger(requestedThreads) && requestedThreads > 0 ? requestedThreads : navigator.hardwareConcurrency || 1,
);
registerWasmTrainingKernels();

async function loadData(options: BenchOptions): Promise<{ train: ImageSet; test: ImageSet; source: string }> {
  if (options.data === 'cifar10') {
    // Records that scripts/bench.ts decoded from public/data/cifar10's chunks: PyTorch reads the same files.
    const fetchSet = async (name: string) => {
      const response = await fetch(`/records/${name}`);
      if (!response.ok) throw new Error(`The benchmark server has no /records/${name} (HTTP ${response.status}).`);
      return parseCifarRecords(new Uint8Array(await response.arrayBuffer()), name);
    };
    const [train, test] = await Promise.all([fetchSet('train.bin'), fetchSet('test.bin')]);
    return { train, test, source: 'cifar10' };
  }
  const count = Math.max(options.trainImages ?? 0, options.batch);
  return { train: syntheticCifar(count, 1), test: syntheticCifar(1000, 2), source: 'synthetic' };
}

/** WASM's thread pool as tfjs reports it; 1 for plain JavaScript; null for GPU backends. */
function threadsOf(backend: BenchBackend): number | null {
  if (backend === 'wasm') return getThreadsCount();
  return backend === 'cpu' ? 1 : null;
}

/** The device a backend runs on, worded as the labs word it (src/lab/shared/device-description.ts). */
function deviceName(backend: string): string {
  if (backend === 'wasm') return wasmDescription({ threads: getThreadsCount(), simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT') });
  if (backend === 'webgl') return webglDescription(webglRendererName());
  if (backend === 'webgpu') {
    const { adapterInfo } = tf.backend() as unknown as { adapterInfo?: GPUAdapterInfo };
    return webgpuDescription(adapterInfo ? webgpuAdapterName(adapterInfo) : null);
  }
  return cpuDescription;
}

async function startBackend(backend: BenchBackend): Promise<BackendStarted> {
  const ok = await tf.setBackend(backend).catch(() => false);
  if (!ok || tf.getBackend() !== backend) throw new Error(`The ${backend} backend did not initialise in this browser.`);
  await tf.ready();
  return {
    backend,
    device: deviceName(backend),
    threads: threadsOf(backend),
    crossOriginIsolated: self.crossOriginIsolated,
    cores: navigator.hardwareConcurrency || 0,
  };
}

async function runBenchmark(options: BenchOptions): Promise<BenchResult> {
  await startBackend(options.backend);
  const { train, test, source } = await loadData(options);
  const tensorsBefore = tf.memory().numTensors;
  const model = createCnn(options.seed);
  const speed = await measureThroughput(model, train, {
    batchSize: options.batch,
    steps: options.steps,
    warmupSteps: options.warmup,
  });
  const result: BenchResult = {
    backend: options.backend,
    device: deviceName(options.backend),
    threads: threadsOf(options.backend),
    batch: options.batch,
    steps: options.steps,
    images_per_second: Math.round(speed.imagesPerSecond * 10) / 10,
    ms_per_step: Math.round(speed.msPerStep * 1000) / 1000,
    data: source,
  };
  model.dispose();
  if (options.epochs > 0) {
    const trained = createCnn(options.seed);
    const optimizer = createOptimizer();
    let seconds = 0;
    const losses: number[] = [];
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      // A fresh order every epoch, seeded as scripts/pytorch/cnn_reference.py's train mode seeds it.
      const epochResult = await trainEpoch(trained, optimizer, train, {
        batchSize: options.batch,
        indices: epochOrder(train.count, options.seed, epoch),
      });
      seconds += epochResult.seconds;
      losses.push(Math.round(epochResult.meanLoss * 100_000) / 100_000);
    }
    result.epochs = options.epochs;
    result.train_images = train.count;
    result.test_images = test.count;
    result.train_seconds = Math.round(seconds * 100) / 100;
    result.epoch_losses = losses;
    result.test_accuracy = Math.round((await evaluate(trained, test)) * 10000) / 100;
    optimizer.dispose();
    trained.dispose();
  }
  result.leaked_tensors = tf.memory().numTensors - tensorsBefore;
  return result;
}

/** One point of the crossover sweep on the backend `startBackend` switched to. */
function measureSweepPoint({ point, timing }: SweepPointRequest) {
  return measurePoint(point, timing);
}

/** One transformer size on the backend `startBackend` switched to. */
async function measureTransformerPoint({ shape, batchSize, timing }: TransformerPointRequest): Promise<TransformerMeasurement> {
  const tensorsBefore = tf.memory().numTensors;
  const point = await measureTransformer(shape, batchSize, timing);
  return { ...point, leakedTensors: tf.memory().numTensors - tensorsBefore };
}

const page: BenchPage = { runBenchmark, startBackend, measureSweepPoint, measureTransformerPoint };
Object.assign(globalThis, page);
