/**
 * Node micro-benchmark: training throughput (images/second) of the course
 * CNN's `trainStep` at batch 64 on the tfjs WASM backend, with the tfjs CPU
 * backend as a reference. Prints one JSON line per backend.
 *
 *   npm run bench:node -- [--backends wasm,cpu] [--steps 20]
 *       [--rounds 5] [--cpu-steps 2] [--cpu-rounds 1] [--warmup 3] [--batch 64]
 *       [--skip MaxPoolGrad,Identity,...] [--profile]
 *
 * The CPU backend is a plain-JS reference, hundreds of times slower, hence
 * fewer steps (and one warm-up step). --skip leaves out some of the
 * replacement kernels of src/lab/worker/wasm-kernels, to measure what each one buys.
 * Each round times `steps` consecutive training steps; we report the best
 * and the median round, because a shared machine adds noise that only ever
 * slows rounds down (best = closest to the true cost), plus the process CPU
 * time per step, which other busy processes barely affect.
 * --profile adds a per-kernel time breakdown (ms per step) for each backend.
 * Note: in Node the WASM backend runs single-threaded (no SharedArrayBuffer
 * worker pool); in a cross-origin-isolated browser it can use threads.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { performance } from 'node:perf_hooks';

import { countParameters, createCnn, createOptimizer, trainStep } from '../labs/cnn/model.ts';
import { registerWasmTrainingKernels } from '../src/lab/worker/wasm-kernels/index.ts';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const backends = option('backends', 'wasm,cpu').split(',');
const stepsFor = (backend: string) => Number(backend === 'cpu' ? option('cpu-steps', '2') : option('steps', '20'));
const roundsFor = (backend: string) => Number(backend === 'cpu' ? option('cpu-rounds', '1') : option('rounds', '5'));
const warmupFor = (backend: string) => (backend === 'cpu' ? 1 : Number(option('warmup', '3')));
const skip = option('skip', '')
  .split(',')
  .filter((k) => k !== '');
const batch = Number(option('batch', '64'));
const profile = process.argv.includes('--profile');

/** Wraps engine.runKernel to add up wall time per kernel name. */
function installProfiler(): { times: Map<string, number>; uninstall(): void } {
  const engine = tf.engine() as unknown as { runKernel: (...a: unknown[]) => unknown };
  const original = engine.runKernel;
  const times = new Map<string, number>();
  engine.runKernel = function (this: unknown, ...args: unknown[]) {
    const t0 = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      const name = args[0] as string;
      times.set(name, (times.get(name) ?? 0) + performance.now() - t0);
    }
  };
  return {
    times,
    uninstall: () => {
      engine.runKernel = original;
    },
  };
}

registerWasmTrainingKernels({ skipReplacements: skip });

for (const backend of backends) {
  await tf.setBackend(backend);
  await tf.ready();
  const steps = stepsFor(backend);
  const rounds = roundsFor(backend);
  const model = createCnn(1);
  const optimizer = createOptimizer();
  const images = tf.randomUniform<tf.Rank.R4>([batch, 32, 32, 3], -1, 1, 'float32', 7);
  const labels = tf.randomUniform([batch], 0, 10, 'int32', 8);

  for (let i = 0; i < warmupFor(backend); ++i) trainStep(model, optimizer, images, labels).dispose();

  const profiler = profile ? installProfiler() : null;
  const roundSeconds: number[] = [];
  const roundCpuSeconds: number[] = [];
  let finalLoss = NaN;
  for (let r = 0; r < rounds; ++r) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let last: tf.Scalar | null = null;
    for (let i = 0; i < steps; ++i) {
      last?.dispose();
      last = trainStep(model, optimizer, images, labels);
    }
    finalLoss = (await last!.data())[0]; // waits for all queued work
    roundSeconds.push((performance.now() - t0) / 1000);
    const cpu = process.cpuUsage(cpu0);
    roundCpuSeconds.push((cpu.user + cpu.system) / 1e6);
    last!.dispose();
  }
  profiler?.uninstall();

  const sorted = [...roundSeconds].sort((a, b) => a - b);
  const ips = (seconds: number) => Math.round(((steps * batch) / seconds) * 10) / 10;
  const result: Record<string, unknown> = {
    bench: 'tfjs trainStep',
    backend,
    tfjs: tf.version.tfjs,
    threads: 1,
    batch,
    steps_per_round: steps,
    rounds,
    parameters: countParameters(model),
    images_per_second: ips(sorted[0]),
    images_per_second_median: ips(sorted[Math.floor(sorted.length / 2)]),
    ms_per_step: Math.round(((sorted[0] * 1000) / steps) * 1000) / 1000,
    // CPU time of this (single-threaded) process: robust to other processes
    // competing for the cores, unlike wall time.
    cpu_ms_per_step: Math.round(((Math.min(...roundCpuSeconds) * 1000) / steps) * 1000) / 1000,
    final_loss: Math.round(finalLoss * 1e4) / 1e4,
  };
  if (backend === 'wasm') {
    result.simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
    result.skipped_replacements = skip;
  }
  if (profiler) {
    result.kernel_ms_per_step = Object.fromEntries(
      [...profiler.times.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => [k, Math.round((v / (steps * rounds)) * 1000) / 1000]),
    );
  }
  console.log(JSON.stringify(result));
  model.dispose();
  optimizer.dispose();
  images.dispose();
  labels.dispose();
}
