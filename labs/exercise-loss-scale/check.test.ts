import { testExercise } from '../exercise-kit/testing.ts';
import check from './check.ts';
import * as starter from './main.ts';
import * as solution from './solution.ts';
import * as wrong from './wrong.ts';

testExercise('exercise-loss-scale', {
  check,
  solution,
  starter: {
    program: starter,
    fails: {
      'keeps-smallest': /^With a scale of 1, 1e-8 × 1 = 1e-8 rounds to 0 in float16, .* the scale must be at least 5\.96\.$/,
      'other-gradients':
        /chooseLossScale\(3e-9, 8\) returned 1, and 3e-9 × 1 still rounds to 0 in float16; it needs a power of two at least 19\.9 and at most 8,188/,
      'no-scale-fits':
        /chooseLossScale\(1e-10, 10000\) returned 1, but no scale fits: 1e-10 needs at least 596 and at most 6\.55/,
    },
  },
  wrong: [
    {
      name: "uses PyTorch's starting scale for every model",
      program: wrong,
      fails: {
        'no-overflow':
          /^120 × 65,536 = 7,864,320 is above float16's largest value, 65,504, and becomes Infinity: the scale must be at most 546\.$/,
        'other-gradients': /chooseLossScale\(1e-7, 2000\) returned 65,536, and 2000 × 65,536 = 131,072,000 is above 65,504/,
        'no-scale-fits': /returned 65,536, but no scale fits/,
      },
    },
    {
      name: 'uses the exact upper bound, which is not a power of two',
      program: { ...solution, chooseLossScale: (_smallest: number, largest: number) => 65504 / largest },
      fails: {
        'power-of-two': /^546 is not a power of two/,
        'other-gradients': /chooseLossScale\(1e-7, 2000\) returned 32\.8, which is not a power of two/,
        'no-scale-fits': /returned 6\.5504, but no scale fits/,
      },
    },
    {
      name: 'throws a plain Error when nothing fits',
      program: {
        ...solution,
        chooseLossScale: (smallest: number, largest: number) => {
          if (largest * 2 ** -24 > smallest * 65504) throw new Error('no scale');
          return solution.chooseLossScale(smallest, largest);
        },
      },
      fails: { 'no-scale-fits': /threw Error: no scale; throw a RangeError/ },
    },
  ],
});
