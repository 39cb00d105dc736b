/** A wrong answer the tests use (never shown): it scales, but masks the wrong side, so each position sees the future. */
import * as tf from '@tensorflow/tfjs';
import type { Lab } from '../api';

export function causalAttention(query: tf.Tensor2D, key: tf.Tensor2D, value: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const [positions, width] = query.shape;
    const scores = tf.matMul(query, key, false, true).div(Math.sqrt(width));
    const row = tf.range(0, positions).reshape([positions, 1]);
    const column = tf.range(0, positions).reshape([1, positions]);
    // Wrong: hides the positions before i (j < i), not the ones after it.
    const mask = tf.where(tf.less(column, row), tf.fill([positions, positions], -1e9), tf.zeros([positions, positions]));
    return tf.matMul(tf.softmax(scores.add(mask)), value);
  });
}

export default async function main(lab: Lab) {
  const [query, key, value] = [1, 2, 3].map((seed) => tf.randomNormal<tf.Rank.R2>([4, 8], 0, 1, 'float32', seed));
  const output = causalAttention(query, key, value);
  lab.log(`Output row 0: ${(await output.array())[0]?.join(', ')}`);
  tf.dispose([query, key, value, output]);
}
