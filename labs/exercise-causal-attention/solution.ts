/**
 * Solution: scale the scores by 1/√d, then hide the future before the softmax. The mask is built from
 * two ranges: a column index j greater than the row index i marks a later position.
 */
import * as tf from '@tensorflow/tfjs';
import type { Lab } from '../api';

/** Causal self-attention for one head: query and key [T, d], value [T, dv] → the mixed values, [T, dv]. */
export function causalAttention(query: tf.Tensor2D, key: tf.Tensor2D, value: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    // 1. Scores: every query against every key, [T, T]. Row i holds position i's score for each position j.
    const [positions, width] = query.shape;
    const scores = tf.matMul(query, key, false, true);
    // 2. Scale: without it, wide vectors give large scores and the softmax puts all the weight on one position.
    const scaled = scores.div(Math.sqrt(width));
    // 3. Mask: -1e9 where the key's position j comes after the query's position i, 0 elsewhere.
    const row = tf.range(0, positions).reshape([positions, 1]);
    const column = tf.range(0, positions).reshape([1, positions]);
    const mask = tf.where(tf.greater(column, row), tf.fill([positions, positions], -1e9), tf.zeros([positions, positions]));
    // 4. Softmax along each row turns its scores into weights that sum to 1.
    const weights = tf.softmax(scaled.add(mask));
    // 5. Each position's output: its weighted mix of the values.
    return tf.matMul(weights, value);
  });
}

/** x with its last row replaced by fresh random numbers. */
function withNewLastRow(x: tf.Tensor2D, seed: number): tf.Tensor2D {
  return tf.tidy(() => {
    const [rows, columns] = x.shape;
    const kept = x.slice([0, 0], [rows - 1, columns]);
    return tf.concat([kept, tf.randomNormal([1, columns], 0, 1, 'float32', seed)]);
  });
}

export default async function main(lab: Lab) {
  const positions = 6;
  const width = 8;
  const [query, key, value] = [1, 2, 3].map((seed) => tf.randomNormal<tf.Rank.R2>([positions, width], 0, 1, 'float32', seed));
  // The same sequence with only its last position changed.
  const [query2, key2, value2] = [query, key, value].map((x, index) => withNewLastRow(x, 10 + index));

  const before = causalAttention(query, key, value);
  const after = causalAttention(query2, key2, value2);
  const moved = tf.tidy(() => after.sub(before).abs().max(1));
  const change = await moved.data();

  const last = positions - 1;
  lab.table(
    Array.from(change, (amount, position) => ({
      position,
      'output moved by': amount.toFixed(4),
      'should it move?': position === last ? 'yes: its own query, key and value changed' : 'no: only a later position changed',
    })),
    { title: `Changing position ${last} only` },
  );
  const leaks = Array.from(change.slice(0, last)).filter((amount) => amount > 1e-5).length;
  lab.log(
    leaks === 0
      ? `No earlier output moved: no position looks ahead.`
      : `${leaks} of the first ${last} outputs moved: those positions look ahead at position ${last}.`,
  );
  tf.dispose([query, key, value, query2, key2, value2, before, after, moved]);
}
