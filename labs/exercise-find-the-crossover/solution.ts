/**
 * Solution: walk the sizes in increasing order, skip those the two sides did not both measure, and answer
 * with the first one where the GPU's median is below the CPU's. When there is none, null is the honest
 * answer: "no crossover up to the largest size".
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
  const sizes = [...gpuMs.keys()].filter((size) => cpuMs.has(size)).sort((a, b) => a - b);
  for (const size of sizes) {
    const gpu = gpuMs.get(size) ?? Number.POSITIVE_INFINITY;
    const cpu = cpuMs.get(size) ?? Number.POSITIVE_INFINITY;
    if (gpu < cpu) return size;
  }
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
