/**
 * The layer and the batch of this exercise: a dense layer of 64 inputs and 32 outputs, and a batch of
 * 256 examples. Seeded, so every run sees the same numbers.
 */
import * as tf from '@tensorflow/tfjs';

export const BATCH = 256;

export interface Problem {
  /** The layer's weights, 64 × 32. */
  w: tf.Variable;
  /** The inputs, 256 × 64. */
  xs: tf.Tensor2D;
  /** The targets, 256 × 32. */
  ys: tf.Tensor2D;
}

export function makeProblem(): Problem {
  return tf.tidy(() => ({
    w: tf.variable(tf.randomNormal([64, 32], 0, 0.1, 'float32', 1)),
    xs: tf.randomNormal<tf.Rank.R2>([BATCH, 64], 0, 1, 'float32', 2),
    ys: tf.randomNormal<tf.Rank.R2>([BATCH, 32], 0, 1, 'float32', 3),
  }));
}

export function disposeProblem({ w, xs, ys }: Problem): void {
  tf.dispose([w, xs, ys]);
}

/** The loss: mean squared error of the layer's outputs against the targets, over every row and output. */
export function loss(w: tf.Tensor, xs: tf.Tensor, ys: tf.Tensor): tf.Scalar {
  return tf.losses.meanSquaredError<tf.Tensor, tf.Scalar>(ys, xs.matMul(w));
}
