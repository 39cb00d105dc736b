import * as tf from '@tensorflow/tfjs';
import { testExercise } from '../exercise-kit/testing.ts';
import check from './check.ts';
import * as starter from './main.ts';
import * as solution from './solution.ts';
import * as wrong from './wrong.ts';

testExercise('exercise-fix-the-labels', {
  check,
  solution,
  starter: {
    program: starter,
    fails: {
      'program-runs': /Argument 'indices' passed to 'oneHot' must be int32 tensor, but got float32 tensor/,
      'labels-int32': /made a float32 tensor, and tf\.oneHot accepts only int32 indices/,
      'prints-loss': /printed no line "cross-entropy: <value>", because it stopped with the error above/,
      'no-leak': /left 2 tensors alive \(an error skipped the tf\.dispose/,
    },
  },
  wrong: [
    {
      name: 'types the labels in by hand',
      program: wrong,
      fails: {
        'labels-int32': /readLabels\("2,0,1"\) returned \[0,1,2,1\]; it should read the classes from the text: \[2,0,1\]/,
      },
    },
    {
      name: 'prints the loss of one image only, and disposes nothing',
      program: {
        ...solution,
        default: async (lab: Parameters<typeof solution.default>[0]) => {
          const labels = solution.readLabels('0,1,2,1');
          const loss = solution.crossEntropy(tf.tensor2d([[2, 0.5, -1]]), labels.slice(0, 1));
          lab.log(`cross-entropy: ${(await loss.data())[0]?.toFixed(4)}`);
        },
      },
      fails: {
        'prints-loss': /printed cross-entropy 0\.2413, but the batch's cross-entropy is/,
        'no-leak': /left 4 tensors alive\.$/,
      },
    },
  ],
});
