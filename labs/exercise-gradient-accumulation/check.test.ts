import * as tf from '@tensorflow/tfjs';
import { testExercise } from '../exercise-kit/testing.ts';
import check from './check.ts';
import * as starter from './main.ts';
import { loss } from './problem.ts';
import * as solution from './solution.ts';
import * as wrong from './wrong.ts';

testExercise('exercise-gradient-accumulation', {
  check,
  solution,
  starter: {
    program: starter,
    fails: {
      'lower-peak': /^With micro-batches of 32, meanGradient peaked at 328 KB above what was alive before, 100 % of the 328 KB/,
    },
  },
  wrong: [
    {
      name: 'adds up the parts without weighting them',
      program: wrong,
      fails: { 'same-gradient': /its size is 8 times the right one\): the 8 parts were added without weighting/ },
    },
    {
      name: 'slices the batch, but keeps every part alive until the end',
      program: {
        ...solution,
        meanGradient: (w: tf.Variable, xs: tf.Tensor2D, ys: tf.Tensor2D, microBatch: number) =>
          tf.tidy(() => {
            const parts: tf.Tensor[] = [];
            for (let start = 0; start < xs.shape[0]; start += microBatch) {
              const size = Math.min(microBatch, xs.shape[0] - start);
              const x = xs.slice([start, 0], [size, -1]);
              const y = ys.slice([start, 0], [size, -1]);
              parts.push(
                tf
                  .grad((weights: tf.Tensor) => loss(weights, x, y))(w)
                  .mul(size / xs.shape[0]),
              );
            }
            return tf.addN(parts);
          }),
      },
      fails: { 'lower-peak': /meanGradient peaked at [\d,.]+ KB above what was alive before, [\d.]+ % of the 328 KB/ },
    },
    {
      name: 'leaks the old totals',
      program: {
        ...solution,
        meanGradient: (w: tf.Variable, xs: tf.Tensor2D, ys: tf.Tensor2D, microBatch: number) => {
          let total = tf.zerosLike(w);
          for (let start = 0; start < xs.shape[0]; start += microBatch) {
            const size = Math.min(microBatch, xs.shape[0] - start);
            total = total.add(
              tf.tidy(() =>
                tf
                  .grad((weights: tf.Tensor) =>
                    loss(weights, xs.slice([start, 0], [size, -1]), ys.slice([start, 0], [size, -1])),
                  )(w)
                  .mul(size / 256),
              ),
            );
          }
          return total;
        },
      },
      fails: {
        'nothing-else': /meanGradient\(w, xs, ys, 32\) left 16 tensors alive besides the gradient/,
        // The totals it leaks pile up during the call, so its peak grows too.
        'lower-peak': /peaked at [\d,.]+ KB above what was alive before, [\d.]+ % of the 328 KB/,
      },
    },
  ],
});
