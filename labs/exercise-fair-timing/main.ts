/**
 * Exercise: make a timing fair.
 *
 * `timeIt` below measures how long one call of `work` takes, and `main` uses it to time matrix products.
 * On a GPU backend its numbers are wrong twice over: the first call also compiles the GPU program, and
 * every call returns as soon as the work is queued, long before the GPU has finished it. Fix `timeIt`.
 */
import * as tf from '@tensorflow/tfjs';
import type { Lab } from '../api';

/** Milliseconds one call of `work` takes on a warmed-up device, averaged over `repeats` calls. */
export async function timeIt(work: () => tf.Tensor, repeats = 10): Promise<number> {
  // TODO: this measurement counts a cold first call and never waits for the device.
  await tf.ready();
  const start = performance.now();
  for (let i = 0; i < repeats; i++) {
    const result = work();
    result.dispose();
  }
  return (performance.now() - start) / repeats;
}

export default async function main(lab: Lab) {
  lab.log(`Timing matrix products on the ${lab.device().backend} backend.`);
  for (const n of [64, 128, 256]) {
    const a = tf.randomNormal([n, n], 0, 1, 'float32', n);
    const ms = await timeIt(() => tf.matMul(a, a), 5);
    lab.log(`matMul ${n}×${n}: ${ms.toFixed(3)} ms per call`);
    a.dispose();
  }
}
