/**
 * Exercise: find the size at which your GPU beats your CPU.
 *
 * The program times an n × n matrix product at growing sizes, first on a CPU-side backend (WebAssembly,
 * or plain JavaScript where WASM does not start), then on a GPU backend (WebGPU or WebGL) if one starts,
 * and returns the crossover: the first size at which the GPU is faster. `findCrossover` is not finished.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName, Lab } from '../api';

/** Matrix sizes to time, small to large. */
export const SIZES = [32, 64, 128, 256];
const CPU_SIDE: readonly BackendName[] = ['wasm', 'cpu'];
const GPU_SIDE: readonly BackendName[] = ['webgpu', 'webgl'];

/**
 * The first size at which the GPU's time is below the CPU's, among the sizes both measured, or null when
 * the GPU is never faster. Both maps go from size to median milliseconds.
 */
export function findCrossover(cpuMs: ReadonlyMap<number, number>, gpuMs: ReadonlyMap<number, number>): number | null {
  // TODO: this answers with the first size the GPU measured, whether it won there or not.
  for (const size of gpuMs.keys()) return size;
  return null;
}

/** Switches to the first backend of `names` that starts and times every size there; null when none starts. */
async function measure(lab: Lab, names: readonly BackendName[]): Promise<Map<number, number> | null> {
  for (const name of names) {
    try {
      await lab.useBackend(name);
    } catch {
      continue;
    }
    const times = new Map<number, number>();
    for (const n of SIZES) {
      const a = tf.randomNormal([n, n], 0, 1, 'float32', n);
      const timing = await lab.time(`${name} matMul ${n}×${n}`, () => tf.matMul(a, a), { warmup: 1, repeats: 3 });
      a.dispose();
      times.set(n, timing.medianMs);
    }
    return times;
  }
  return null;
}

export default async function main(lab: Lab): Promise<number | null> {
  const cpu = await measure(lab, CPU_SIDE);
  const gpu = await measure(lab, GPU_SIDE);
  if (!cpu) throw new Error('No CPU-side backend started.');
  const crossover = gpu ? findCrossover(cpu, gpu) : null;
  const largest = SIZES[SIZES.length - 1];
  if (!gpu) lab.log(`No GPU backend started here: no crossover up to ${largest}.`);
  else if (crossover === null) lab.log(`The GPU never won: no crossover up to ${largest}. Is it a software renderer?`);
  else lab.log(`The GPU is faster from ${crossover} × ${crossover} on.`);
  return crossover;
}
