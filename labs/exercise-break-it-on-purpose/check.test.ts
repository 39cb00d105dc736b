import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { runInNode, testExercise } from '../exercise-kit/testing.ts';
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
      'reads-it': /^readError\("Error in conv2d: depth of input \(32\) .*"\) gives inputDepth 0, but the message says 32/,
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
          /^readError\(".*"\) gives inputDepth 3, but the message says 32: .* reads the last dimension of \[8, 3, 32, 32\] as the channels/,
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
    {
      name: "types in the photos' three facts instead of reading them",
      program: { ...solution, readError: () => ({ operation: 'conv2d', inputDepth: 32, filterDepth: 3 }) },
      fails: {
        'reads-it':
          /^readError\("Error in conv2d: depth of input \(20\) must match input depth for filter 3\."\) gives inputDepth 32, but the message says 20: .*\[2, 3, 20, 20\]/,
      },
    },
  ],
});

test('right but different: the last two numbers of the text, without a full pattern, pass', async () => {
  const byNumbers = {
    ...solution,
    readError(message: string) {
      // "conv2d" holds a digit too: the depths are the last two numbers.
      const [inputDepth, filterDepth] = (message.match(/\d+/g) ?? []).slice(-2).map(Number);
      return { operation: message.split(':')[0]?.replace('Error in ', '') ?? '', inputDepth, filterDepth };
    },
  };
  const result = await runInNode(byNumbers, check);
  expect(result.requirements.filter((item) => !item.passed)).toEqual([]);
});
