/** A wrong answer the tests use (never shown): it drops tf.tidy, and the sum it divides leaks on every call. */
import * as tf from '@tensorflow/tfjs';
import type { Lab } from '../api';

export function centre(batch: tf.Tensor2D): { centred: tf.Tensor2D; mean: tf.Tensor1D } {
  const mean = batch.sum(0).div<tf.Tensor1D>(batch.shape[0]);
  return { centred: batch.sub(mean), mean };
}

export default async function main(lab: Lab) {
  const batch = tf.tensor2d([
    [1, 10, 100],
    [2, 20, 300],
    [3, 40, 200],
    [6, 50, 400],
  ]);
  const { centred, mean } = centre(batch);
  lab.log('column means:', await mean.array());
  tf.dispose([batch, centred, mean]);
}
