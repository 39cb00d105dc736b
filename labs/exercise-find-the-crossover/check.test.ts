import type { Lab } from '../api';
import { testExercise } from '../exercise-kit/testing.ts';
import check from './check.ts';
import * as starter from './main.ts';
import * as solution from './solution.ts';
import * as wrong from './wrong.ts';

testExercise('exercise-find-the-crossover', {
  check,
  solution,
  starter: {
    program: starter,
    fails: {
      'finds-crossover':
        /^For a real GPU that pulls ahead at 128, findCrossover\(.*\) returned 32; the GPU is first faster at 128/,
      'no-crossover-is-null':
        /^For a software GPU that never wins, findCrossover returned 32, but the GPU is slower at every size: return null/,
    },
  },
  wrong: [
    {
      name: 'compares the wrong way round',
      program: wrong,
      fails: {
        'finds-crossover': /returned 32; the GPU is first faster at 128/,
        'no-crossover-is-null': /findCrossover returned 32/,
      },
    },
    {
      name: 'claims a crossover its measurements do not show',
      program: {
        ...solution,
        default: async (lab: Lab) => {
          await solution.default(lab);
          return 128;
        },
      },
      fails: {
        'honest-answer':
          /^main returned 128, but no GPU backend was timed here, so the honest answer is null: no crossover up to 256\.$/,
      },
    },
  ],
});
