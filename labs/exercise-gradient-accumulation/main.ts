/**
 * Exercise: accumulate gradients over micro-batches.
 *
 * A batch too big for GPU memory does not have to be made smaller: compute its gradient a few rows at a
 * time and add the pieces up. The activations then exist for one micro-batch at a time, so the peak memory
 * falls, and the gradient is the same as the whole batch's. `meanGradient` below still works on all 256
 * rows at once.
 */
import * as tf from '@tensorflow/tfjs';
import type { Lab } from '../api';
import { disposeProblem, loss, makeProblem } from './problem.ts';

/**
 * The gradient of `loss` over the whole batch with respect to `w`, computed `microBatch` rows at a time.
 * Returns one tensor, shaped like `w`, which the caller disposes.
 */
export function meanGradient(w: tf.Variable, xs: tf.Tensor2D, ys: tf.Tensor2D, microBatch: number): tf.Tensor {
  if (!Number.isInteger(microBatch) || microBatch < 1)
    throw new RangeError(`microBatch must be a whole number of rows, got ${microBatch}.`);
  // TODO: this uses every row at once, whatever microBatch says.
  return tf.tidy(() => tf.grad((weights: tf.Tensor) => loss(weights, xs, ys))(w));
}

export default async function main(lab: Lab) {
  const problem = makeProblem();
  for (const microBatch of [256, 64, 32]) {
    const before = tf.memory().numBytes;
    let gradient: tf.Tensor | undefined;
    const profile = await tf.profile(() => {
      gradient = meanGradient(problem.w, problem.xs, problem.ys, microBatch);
      return gradient;
    });
    const norm = gradient ? tf.tidy(() => (gradient as tf.Tensor).norm()) : undefined;
    lab.log(
      `micro-batches of ${microBatch}: peak ${((profile.peakBytes - before) / 1024).toFixed(0)} KB above the start, ` +
        `gradient norm ${(await norm?.data())?.[0]?.toFixed(6)}`,
    );
    tf.dispose([gradient, norm].filter((tensor): tensor is tf.Tensor => tensor !== undefined));
  }
  disposeProblem(problem);
}
