/**
 * A wrong answer the tests use (never shown): it warms up, but starts the clock while the warm-up call is
 * still running on the device, and waits only once, at the end.
 */
import * as tf from '@tensorflow/tfjs';
import type { Lab } from '../api';

export async function timeIt(work: () => tf.Tensor, repeats = 10): Promise<number> {
  const warmUp = work();
  warmUp.dispose();
  const start = performance.now();
  let last: tf.Tensor | null = null;
  for (let i = 0; i < repeats; i++) {
    last?.dispose();
    last = work();
  }
  await last?.data();
  last?.dispose();
  return (performance.now() - start) / repeats;
}

export default async function main(lab: Lab) {
  const a = tf.randomNormal([64, 64]);
  lab.log(`matMul 64×64: ${(await timeIt(() => tf.matMul(a, a), 5)).toFixed(3)} ms per call`);
  a.dispose();
}
