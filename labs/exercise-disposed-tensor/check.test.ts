import * as tf from '@tensorflow/tfjs';
import { testExercise } from '../exercise-kit/testing.ts';
import check from './check.ts';
import * as starter from './main.ts';
import * as solution from './solution.ts';
import * as wrong from './wrong.ts';

testExercise('exercise-disposed-tensor', {
  check,
  solution,
  starter: {
    program: starter,
    fails: {
      'program-runs': /^main stopped with an error: Tensor is disposed\.$/,
      'returns-live': /returned a mean that was already disposed\. tf\.tidy frees every tensor its function does not return/,
      values: /Not checked yet: first return both tensors alive/,
      'main-cleans-up': /main did not reach its tf\.dispose/,
    },
  },
  wrong: [
    {
      name: 'drops tf.tidy and leaks the sum',
      program: wrong,
      fails: {
        'nothing-else': /left 1 more tensor alive besides the 2 it returned/,
        'main-cleans-up': /^main left 1 tensor alive\.$/,
      },
    },
    {
      name: 'keeps the means but centres with the wrong axis',
      program: {
        ...solution,
        centre: (batch: tf.Tensor2D) =>
          tf.tidy(() => {
            const mean = batch.mean(1);
            return { centred: batch.sub(mean.expandDims(1)), mean };
          }),
      },
      fails: { values: /centre returned means \[3,2,5\.5\] .* expected \[5,2\]/ },
    },
  ],
});
