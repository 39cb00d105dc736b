/**
 * Solution: slice the batch into micro-batches, compute each one's gradient inside its own tf.tidy, weight
 * it by its share of the rows and add it to a running total. Only one micro-batch's activations are alive
 * at any moment.
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
  const rows = xs.shape[0];
  let total: tf.Tensor = tf.zerosLike(w);
  for (let start = 0; start < rows; start += microBatch) {
    const size = Math.min(microBatch, rows - start);
    // One micro-batch: its activations live only inside this tidy.
    const part = tf.tidy(() => {
      const x = xs.slice([start, 0], [size, -1]);
      const y = ys.slice([start, 0], [size, -1]);
      const gradient = tf.grad((weights: tf.Tensor) => loss(weights, x, y))(w);
      // The loss is a mean over rows: weight each part by its share of the batch.
      return gradient.mul(size / rows);
    });
    const next = total.add(part);
    tf.dispose([total, part]);
    total = next;
  }
  return total;
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
