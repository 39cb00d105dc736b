/**
 * The data and the model of this exercise: a linear regression with four features, trained with plain
 * gradient descent on eight fixed batches. Seeded, so every run computes the same losses.
 */
import * as tf from '@tensorflow/tfjs';

/** One batch: 16 rows of 4 features, and the value to predict for each row. */
export interface Batch {
  xs: tf.Tensor2D;
  ys: tf.Tensor2D;
}

/** The weights the data was made with; the model has to find them. */
const TRUE_WEIGHTS = [[1], [-2], [0.5], [3]];

/** Eight batches, the same on every call. Dispose them with `disposeBatches`. */
export function makeBatches(count = 8): Batch[] {
  return Array.from({ length: count }, (_, index) =>
    tf.tidy(() => {
      const xs = tf.randomNormal<tf.Rank.R2>([16, 4], 0, 1, 'float32', 100 + index);
      const noise = tf.randomNormal([16, 1], 0, 0.1, 'float32', 200 + index);
      const ys = xs.matMul(tf.tensor2d(TRUE_WEIGHTS)).add<tf.Tensor2D>(noise);
      return { xs, ys };
    }),
  );
}

export function disposeBatches(batches: readonly Batch[]): void {
  for (const { xs, ys } of batches) tf.dispose([xs, ys]);
}

/** A linear model y = x·w + b and its optimizer. */
export interface Regression {
  /** One step of gradient descent on `batch`; returns that batch's loss (mean squared error) as a scalar tensor you must dispose. */
  step(batch: Batch): tf.Scalar;
  /** Frees the weights and the optimizer. */
  dispose(): void;
}

export function createRegression(learningRate = 0.05): Regression {
  const w = tf.tidy(() => tf.variable(tf.zeros([4, 1])));
  const b = tf.tidy(() => tf.variable(tf.zeros([1])));
  const optimizer = tf.train.sgd(learningRate);
  return {
    step: ({ xs, ys }) =>
      optimizer.minimize(() => tf.losses.meanSquaredError<tf.Tensor, tf.Scalar>(ys, xs.matMul(w).add(b)), true, [
        w,
        b,
      ]) as tf.Scalar,
    dispose() {
      tf.dispose([w, b]);
      optimizer.dispose();
    },
  };
}
