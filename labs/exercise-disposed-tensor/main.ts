/**
 * Exercise: bring back a tensor that `tf.tidy` disposed.
 *
 * `centre` subtracts each column's mean from a batch of rows, a common step before training, and hands
 * back the means too, so that new rows can be centred the same way later. Run the program: it stops with
 * "Tensor is disposed." Find which tensor, why it is gone, and fix `centre`.
 */
import * as tf from '@tensorflow/tfjs';
import type { Lab } from '../api';

/** Four rows of three features each. */
const ROWS = [
  [1, 10, 100],
  [2, 20, 300],
  [3, 40, 200],
  [6, 50, 400],
];

/** The batch with each column's mean subtracted, and those means. Both stay alive: the caller disposes them. */
export function centre(batch: tf.Tensor2D): { centred: tf.Tensor2D; mean: tf.Tensor1D } {
  const result = {} as { centred: tf.Tensor2D; mean: tf.Tensor1D };
  result.centred = tf.tidy(() => {
    result.mean = batch.mean(0); // kept for centring new rows later
    return batch.sub(result.mean);
  });
  return result;
}

export default async function main(lab: Lab) {
  const batch = tf.tensor2d(ROWS);
  const { centred, mean } = centre(batch);
  lab.log('column means:', await mean.array());
  lab.log('centred rows:', await centred.array());
  tf.dispose([batch, centred, mean]);
}
