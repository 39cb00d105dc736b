import { roundToFloat16 } from '../mixed-precision/precision.ts';
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
      'keeps-smallest':
        /^With a scale of 1, 1e-8 × 1 = 1e-8 rounds to 0 in float16\. Its smallest value is 2⁻²⁴ ≈ 5\.96e-8: values below 2⁻²⁵ ≈ 3e-8 round to 0, .* the scale must be at least 5\.96\.$/i,
      'largest-safe': /^2 is safe too \(120 × 2 = 240 fits\)/,
      'other-gradients':
        /chooseLossScale\(1e-7, 2000\) returned 1, but 2 is safe too: return the largest safe power of two; it needs a power of two at least 0\.596 and at most 32\.8/,
      'no-scale-fits':
        /chooseLossScale\(1e-10, 10000\) returned 1, but no scale fits: 1e-10 needs at least 596 and at most 6\.55/,
    },
  },
  wrong: [
    {
      name: 'the smallest power of two whose product float16 rounds up to 2⁻²⁴ (4 for 1e-8, below its bound 5.96)',
      program: {
        ...solution,
        chooseLossScale: (smallest: number, largest: number) => {
          let scale = 1;
          while (roundToFloat16(smallest * scale) === 0) scale *= 2;
          if (largest * scale > 65504) throw new RangeError('no scale fits');
          return scale;
        },
      },
      fails: {
        'keeps-smallest': /1e-8 × 4 = 4e-8 rounds to 5\.96e-8 in float16\. .* at least 5\.96\.$/,
        'largest-safe': /^8 is safe too/,
        'other-gradients': /chooseLossScale\(1e-7, 2000\) returned 1, but 2 is safe too/,
      },
    },
    {
      name: 'a safe power of two, but not the largest',
      program: {
        ...solution,
        chooseLossScale: (smallest: number, largest: number) => solution.chooseLossScale(smallest, largest) / 2,
      },
      fails: {
        'largest-safe': /^512 is safe too \(120 × 512 = 61,440 fits\)/,
        'other-gradients': /returned 16, but 32 is safe too: return the largest safe power of two/,
      },
    },
    {
      name: "uses PyTorch's starting scale for every model",
      program: wrong,
      fails: {
        'largest-safe': /^65,536 is too large/,
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
