/**
 * Solution: `tf.tidy` disposes every tensor made inside it except the ones its function returns. The
 * means were made inside and not returned, so they were gone by the time main read them. Return both.
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
  return tf.tidy(() => {
    const mean = batch.mean<tf.Tensor1D>(0);
    const centred = batch.sub<tf.Tensor2D>(mean);
    return { centred, mean };
  });
}

export default async function main(lab: Lab) {
  const batch = tf.tensor2d(ROWS);
  const { centred, mean } = centre(batch);
  lab.log('column means:', await mean.array());
  lab.log('centred rows:', await centred.array());
  tf.dispose([batch, centred, mean]);
}
