/**
 * Exercise: stop a tensor leak in a training loop.
 *
 * On a GPU backend, tensors live in GPU memory, which JavaScript's garbage collector cannot see: a tensor
 * you do not dispose stays there until the page closes. `train` below fits a line to eight points, and
 * leaks on every step and once more at the end. Run it and watch the tensor count grow.
 */
import * as tf from '@tensorflow/tfjs';
import type { Lab } from '../api';

/** Eight points on the line y = 2x + 1. */
const XS = [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5];

/** Fits y = w·x + b to the points with `steps` steps of gradient descent and returns the final loss. */
export async function train(steps: number): Promise<number> {
  const xs = tf.tensor1d(XS);
  const ys = xs.mul(2).add(1);
  const w = tf.variable(tf.scalar(0));
  const b = tf.variable(tf.scalar(0));
  const optimizer = tf.train.sgd(0.1);

  let loss: tf.Scalar | null = null;
  for (let step = 0; step < steps; step++) {
    loss = optimizer.minimize(() => xs.mul(w).add(b).sub(ys).square().mean<tf.Scalar>(), true);
  }
  return loss ? ((await loss.data())[0] ?? Number.NaN) : Number.NaN;
}

export default async function main(lab: Lab) {
  for (const steps of [10, 20, 40]) {
    const loss = await train(steps);
    lab.log(`${steps} steps: loss ${loss.toFixed(5)}, ${tf.memory().numTensors} tensors alive`);
  }
}
