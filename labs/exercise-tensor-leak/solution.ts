/**
 * Solution: dispose the loss each step hands back, make the data inside tf.tidy, and free the data, the
 * variables and the optimizer once training is over.
 */
import * as tf from '@tensorflow/tfjs';
import type { Lab } from '../api';

/** Eight points on the line y = 2x + 1. */
const XS = [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5];

/** Fits y = w·x + b to the points with `steps` steps of gradient descent and returns the final loss. */
export async function train(steps: number): Promise<number> {
  const xs = tf.tensor1d(XS);
  // tidy frees the intermediate xs·2 and keeps only the returned ys.
  const ys = tf.tidy(() => xs.mul(2).add(1));
  // A variable keeps its own copy; tidy frees the scalar it was made from.
  const w = tf.tidy(() => tf.variable(tf.scalar(0)));
  const b = tf.tidy(() => tf.variable(tf.scalar(0)));
  const optimizer = tf.train.sgd(0.1);

  let loss: tf.Scalar | null = null;
  for (let step = 0; step < steps; step++) {
    loss?.dispose();
    loss = optimizer.minimize(() => xs.mul(w).add(b).sub(ys).square().mean<tf.Scalar>(), true);
  }
  const final = loss ? ((await loss.data())[0] ?? Number.NaN) : Number.NaN;
  loss?.dispose();
  tf.dispose([xs, ys, w, b]);
  optimizer.dispose();
  return final;
}

export default async function main(lab: Lab) {
  for (const steps of [10, 20, 40]) {
    const loss = await train(steps);
    lab.log(`${steps} steps: loss ${loss.toFixed(5)}, ${tf.memory().numTensors} tensors alive`);
  }
}
