/**
 * The page side of `npm run bench`: bundled by scripts/bench.ts and loaded in headless Chromium once per
 * backend. It trains the project CNN with the same loops as the lab (labs/cnn/train.ts) and reports
 * one result object back to the command line.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths, setThreadsCount, getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import { registerWasmTrainingKernels } from '../../src/wasm-kernels/index.ts';
import { createCnn, createOptimizer } from '../../labs/cnn/model.ts';
import { parseCifarRecords, takeImages, type ImageSet } from '../../labs/cnn/cifar10.ts';
import { syntheticCifar } from '../../labs/cnn/synthetic.ts';
import { evaluate, measureThroughput, trainEpoch } from '../../labs/cnn/train.ts';
import type { BenchOptions, BenchResult } from './bench-types.ts';

setWasmPaths('/wasm/');
// One thread per logical core, as PyTorch does by default (threads need cross-origin isolation).
setThreadsCount(navigator.hardwareConcurrency || 1);
registerWasmTrainingKernels();

async function loadData(options: BenchOptions): Promise<{ train: ImageSet; test: ImageSet; source: string }> {
  if (options.data === 'cifar10') {
    const fetchSet = async (name: string) => {
      const response = await fetch(`/data/cifar10/${name}`);
      if (!response.ok) throw new Error(`No imported CIFAR-10 at public/data/cifar10/${name}: run npm run data:cifar10 -- --archive PATH first.`);
      return parseCifarRecords(new Uint8Array(await response.arrayBuffer()), name);
    };
    const [train, test] = await Promise.all([fetchSet('train.bin'), fetchSet('test.bin')]);
    return { train: options.trainImages ? takeImages(train, options.trainImages) : train, test, source: 'cifar10' };
  }
  const count = Math.max(options.trainImages ?? 0, options.batch);
  return { train: syntheticCifar(count, 1), test: syntheticCifar(1000, 2), source: 'synthetic' };
}

function deviceName(backend: string): string {
  if (backend === 'wasm') return `WebAssembly, ${getThreadsCount()} thread(s), SIMD: ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT')}, threads supported: ${tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')}, cross-origin isolated: ${self.crossOriginIsolated}`;
  if (backend === 'webgl') {
    const gl = document.createElement('canvas').getContext('webgl2');
    const info = gl?.getExtension('WEBGL_debug_renderer_info');
    return gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'WebGL';
  }
  if (backend === 'webgpu') {
    const adapterInfo = (tf.backend() as unknown as { adapterInfo?: { vendor?: string; architecture?: string; description?: string } }).adapterInfo;
    return [adapterInfo?.vendor, adapterInfo?.architecture, adapterInfo?.description].filter(Boolean).join(' ') || 'WebGPU';
  }
  return 'JavaScript on the main thread';
}

async function runBenchmark(options: BenchOptions): Promise<BenchResult> {
  const ok = await tf.setBackend(options.backend).catch(() => false);
  if (!ok || tf.getBackend() !== options.backend) throw new Error(`The ${options.backend} backend did not initialise in this browser.`);
  await tf.ready();
  const { train, test, source } = await loadData(options);
  const tensorsBefore = tf.memory().numTensors;
  const model = createCnn(options.seed);
  const speed = await measureThroughput(model, train, { batchSize: options.batch, steps: options.steps, warmupSteps: options.warmup });
  const result: BenchResult = {
    backend: options.backend,
    device: deviceName(options.backend),
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
    for (let epoch = 0; epoch < options.epochs; epoch++) seconds += (await trainEpoch(trained, optimizer, train, { batchSize: options.batch })).seconds;
    result.epochs = options.epochs;
    result.train_images = train.count;
    result.train_seconds = Math.round(seconds * 100) / 100;
    result.test_accuracy = Math.round((await evaluate(trained, test)) * 10000) / 100;
    optimizer.dispose();
    trained.dispose();
  }
  result.leaked_tensors = tf.memory().numTensors - tensorsBefore;
  return result;
}

(globalThis as unknown as { runBenchmark: typeof runBenchmark }).runBenchmark = runBenchmark;
