/** A wrong answer the tests use (never shown): the comparison is the wrong way round. */
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
  // Wrong: compares the wrong way round, and ignores sizes only the GPU measured.
  for (const [size, gpu] of gpuMs) if (gpu > (cpuMs.get(size) ?? 0)) return size;
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
