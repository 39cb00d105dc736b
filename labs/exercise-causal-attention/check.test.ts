import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { probes, runInNode, tampering, testExercise } from '../exercise-kit/testing.ts';
import check from './check.ts';
import * as starter from './main.ts';
import * as solution from './solution.ts';
import * as wrong from './wrong.ts';

type Visibility = 'causal' | 'all' | 'earlier-only';

/**
 * Attention as a learner might write it: `divisor` of the query and key width d, which positions a query
 * sees, and the value added to hidden scores (-1e9, or -Infinity). Variants of the solution, one mistake each.
 */
function attentionWith(options: {
  divisor?: (width: number, valueWidth: number) => number;
  visibility?: Visibility;
  hidden?: number;
  maskAfterSoftmax?: boolean;
  tidy?: boolean;
}) {
  const {
    divisor = (width) => Math.sqrt(width),
    visibility = 'causal',
    hidden = -1e9,
    maskAfterSoftmax = false,
    tidy = true,
  } = options;
  const body = (query: tf.Tensor2D, key: tf.Tensor2D, value: tf.Tensor2D): tf.Tensor2D => {
    const [positions, width] = query.shape;
    const scores = tf.matMul(query, key, false, true).div(divisor(width, value.shape[1]));
    const row = tf.range(0, positions).reshape([positions, 1]);
    const column = tf.range(0, positions).reshape([1, positions]);
    const hide =
      visibility === 'causal'
        ? tf.greater(column, row)
        : visibility === 'earlier-only'
          ? tf.greaterEqual(column, row)
          : tf.zeros([positions, positions], 'bool');
    if (maskAfterSoftmax) {
      const weights = tf.where(hide, tf.zerosLike(scores), tf.softmax(scores));
      return tf.matMul(weights, value);
    }
    const masked = tf.where(hide, tf.fill([positions, positions], hidden), scores);
    return tf.matMul(tf.softmax(masked), value);
  };
  const causalAttention = (query: tf.Tensor2D, key: tf.Tensor2D, value: tf.Tensor2D) =>
    tidy ? tf.tidy(() => body(query, key, value)) : body(query, key, value);
  return { ...solution, causalAttention };
}

testExercise('exercise-causal-attention', {
  check,
  solution,
  starter: {
    program: starter,
    fails: {
      'no-look-ahead':
        /^Changing positions 4 to 6 \(and nothing else\) changed the output at positions 0, 1, 2, 3 by up to .*: they look ahead\./,
      'matches-attention':
        /differs from causal attention by up to .*It matches attention with neither the scaling nor the mask: steps 2 and 3 are still to do\.$/,
    },
  },
  wrong: [
    {
      name: 'the starter, dropping failed requirements by replacing Array.prototype.push',
      program: tampering(starter, probes.pushDropsFailures),
      fails: {
        'no-look-ahead': /changed the output at positions 0, 1, 2, 3/,
        'matches-attention': /neither the scaling nor the mask/,
      },
    },
    {
      name: 'masks the wrong side: each position sees itself and the future',
      program: wrong,
      fails: {
        'no-look-ahead': /changed the output at positions 0, 1, 2, 3 by up to .*: they look ahead/,
        'matches-attention':
          /It matches a mask on the wrong side: each position uses itself and the positions after it\. Hide the scores where j > i/,
      },
    },
    {
      name: 'scales, but masks nothing',
      program: attentionWith({ visibility: 'all' }),
      fails: {
        'no-look-ahead': /changed the output at positions 0, 1, 2, 3/,
        'matches-attention': /It matches attention with no mask, so every position also uses the ones after it\./,
      },
    },
    {
      name: 'masks, but does not scale',
      program: attentionWith({ divisor: () => 1 }),
      fails: {
        'matches-attention':
          /It matches causal attention without the scaling: divide the scores by √d = √16 = 4 before the softmax/,
      },
    },
    {
      name: 'divides by d, not √d',
      program: attentionWith({ divisor: (width) => width }),
      fails: { 'matches-attention': /It matches scores divided by d = 16; divide them by the square root, √16 = 4\./ },
    },
    {
      name: 'scales by the width of the values',
      program: attentionWith({ divisor: (_width, valueWidth) => Math.sqrt(valueWidth) }),
      fails: { 'matches-attention': /It matches scores divided by √5, the width of the values/ },
    },
    {
      name: 'hides the diagonal too, with -1e9: the first position mixes every value',
      program: attentionWith({ visibility: 'earlier-only' }),
      fails: {
        'no-look-ahead': /changed the output at position 0 by up to .*: it looks ahead/,
        'matches-attention': /It matches a mask that also hides the diagonal: position i must use itself \(j = i\)/,
      },
    },
    {
      name: 'hides the diagonal too, with -Infinity: the first position is 0/0',
      program: attentionWith({ visibility: 'earlier-only', hidden: Number.NEGATIVE_INFINITY }),
      fails: {
        'returns-output':
          /^causalAttention’s output at position 0 is \[NaN,NaN,NaN,NaN,NaN\]|^causalAttention’s output at position 0 is .*Position i must always see itself\.$/,
        'no-look-ahead': /^Not checked yet: causalAttention must first return its output\./,
        'matches-attention': /^Not checked yet/,
      },
    },
    {
      name: 'masks the weights after the softmax',
      program: attentionWith({ maskAfterSoftmax: true }),
      fails: {
        'no-look-ahead': /changed the output at positions 0, 1, 2, 3/,
        'matches-attention': /It matches weights masked after the softmax: the later keys still count in the softmax’s sum/,
      },
    },
    {
      name: 'right, but without tf.tidy',
      program: attentionWith({ tidy: false }),
      fails: { 'no-leak': /^causalAttention left \d+ tensors alive besides its result/ },
    },
    {
      name: 'returns the values unmixed',
      program: { ...solution, causalAttention: (_query: tf.Tensor2D, _key: tf.Tensor2D, value: tf.Tensor2D) => value },
      fails: { 'matches-attention': /differs from causal attention by up to .*Check each step/ },
    },
    {
      name: 'returns an array, not a tensor',
      program: { ...solution, causalAttention: (query: tf.Tensor2D) => query.arraySync() },
      fails: {
        'returns-output': /^causalAttention returned \[\[.*; it should return the output as a tensor of shape \[7, 5\]\./,
        'no-look-ahead': /^Not checked yet/,
        'matches-attention': /^Not checked yet/,
      },
    },
  ],
});

test('right but different: masking with -Infinity, or with a lower-triangular band, passes', async () => {
  for (const program of [
    attentionWith({ hidden: Number.NEGATIVE_INFINITY }),
    {
      ...solution,
      causalAttention: (query: tf.Tensor2D, key: tf.Tensor2D, value: tf.Tensor2D) =>
        tf.tidy(() => {
          const [positions, width] = query.shape;
          const allowed = tf.linalg.bandPart(tf.ones([positions, positions]), -1, 0);
          const scores = tf.matMul(query, key, false, true).mul(1 / Math.sqrt(width));
          return tf.matMul(tf.softmax(scores.add(allowed.sub(1).mul(1e9))), value);
        }),
    },
  ]) {
    const result = await runInNode(program, check);
    expect(result.requirements.filter((item) => !item.passed)).toEqual([]);
  }
});
