/**
 * Exercise: complete causal self-attention, the step that makes a transformer a transformer.
 *
 * Each position of a sequence has a query, a key and a value: row i of the three matrices below. A
 * position's output is a mix of values, weighted by how well its query matches each key. "Causal" means
 * position i mixes only positions 0 to i, itself included: a model that learns to predict the next
 * character must never read it. The transformer lab runs this for every head and every layer
 * (labs/transformer/model.ts); here it is one head and one sequence.
 *
 * `causalAttention` below skips two of its five steps. Complete it, then run: the table shows which
 * outputs move when only the last position changes.
 */
import * as tf from '@tensorflow/tfjs';
import type { Lab } from '../api';

/** Causal self-attention for one head: query and key [T, d], value [T, dv] → the mixed values, [T, dv]. */
export function causalAttention(query: tf.Tensor2D, key: tf.Tensor2D, value: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    // 1. Scores: every query against every key, [T, T]. Row i holds position i's score for each position j.
    const scores = tf.matMul(query, key, false, true);
    // TODO 2. Scale: divide the scores by √d, where d is the width of the queries and keys (query.shape[1]).
    // TODO 3. Mask: position i may use positions j ≤ i only. Where j > i, add a large negative number (-1e9)
    //         to the score, so that the softmax gives that position a weight of 0.
    // 4. Softmax along each row turns its scores into weights that sum to 1.
    const weights = tf.softmax(scores);
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
