import * as tf from '@tensorflow/tfjs';
import { testExercise } from '../exercise-kit/testing.ts';
import check from './check.ts';
import * as starter from './main.ts';
import { filter, photosNCHW } from './photos.ts';
import * as solution from './solution.ts';
import * as wrong from './wrong.ts';

testExercise('exercise-break-it-on-purpose', {
  check,
  solution,
  starter: {
    program: starter,
    fails: {
      'program-runs':
        /^main stopped with an error: Error in conv2d: depth of input \(32\) must match input depth for filter 3\.$/,
      'breaks-it': /^breakIt\(\) returned an empty message/,
      'reads-it': /^reading\.operation is "", but the message says "conv2d"/,
      'fixes-it': /^toChannelsLast returned shape \[8,3,32,32\]; NHWC is \[8,32,32,3\]/,
      'main-cleans-up': /main did not finish/,
    },
  },
  wrong: [
    {
      name: 'reshapes instead of transposing, and swaps the depths',
      program: wrong,
      fails: {
        'reads-it':
          /^reading\.inputDepth is 3, but the message says 32: .* reads the last dimension of \[8, 3, 32, 32\] as the channels/,
        'fixes-it':
          /has the right shape, but [\d,]+ values of 24,576 are in the wrong place: a reshape keeps the values in their old order/,
      },
    },
    {
      name: 'returns the message but leaks the photos and the filter',
      program: {
        ...solution,
        breakIt: () => {
          try {
            tf.conv2d(photosNCHW(), filter(), 1, 'valid');
            return 'no error';
          } catch (error) {
            return (error as Error).message;
          }
        },
      },
      fails: { 'breaks-it': /returned the message, but left 2 tensors alive/ },
    },
  ],
});
