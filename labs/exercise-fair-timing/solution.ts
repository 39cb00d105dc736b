/**
 * Solution: a fair timing leaves the first call out and waits for the device before each clock reading.
 */
import * as tf from '@tensorflow/tfjs';
import type { Lab } from '../api';

/** Milliseconds one call of `work` takes on a warmed-up device, averaged over `repeats` calls. */
export async function timeIt(work: () => tf.Tensor, repeats = 10): Promise<number> {
  // Warm-up: the first call compiles the GPU program. Let it finish before the clock starts.
  const warmUp = work();
  await warmUp.data();
  warmUp.dispose();

  const start = performance.now();
  for (let i = 0; i < repeats; i++) {
    const result = work();
    // Reading the result waits for the device, as torch.cuda.synchronize() does.
    await result.data();
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
