import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import type { Lab } from '../api';
import { runInNode, testExercise } from '../exercise-kit/testing.ts';
import check from './check.ts';
import * as starter from './main.ts';
import * as solution from './solution.ts';
import * as wrong from './wrong.ts';

/** main timing its own products on the CPU backend, with `repeats` timed runs and what the work returns to wait for. */
function ownTiming(repeats: number, sync: (product: tf.Tensor2D) => tf.Tensor) {
  return async (lab: Lab) => {
    for (const n of [32, 64]) {
      const a = tf.randomNormal<tf.Rank.R2>([n, n]);
      await lab.time(`cpu matMul ${n}×${n}`, () => tf.tidy(() => sync(tf.matMul(a, a))), { warmup: 1, repeats });
      a.dispose();
    }
    lab.log('No GPU backend started here, so there is no crossover to find.');
    return null;
  };
}

testExercise('exercise-find-the-crossover', {
  check,
  solution,
  starter: {
    program: starter,
    fails: {
      'finds-crossover':
        /^For a GPU with one noisy win at 64, findCrossover\(.*\) returned 64, but the GPU stays faster only from 256 on\./,
      'single-win-is-noise': /^For a GPU that wins at 64 only, findCrossover\(.*\) returned 64, but one faster size may be noise/,
      'says-up-to':
        /^For a software GPU, with the CPU side stopped at 256, answerInWords returned "No crossover up to 1024 × 1024\."; it should say "no crossover up to 256 × 256"/,
    },
  },
  wrong: [
    {
      name: 'takes one win at the largest size for a crossover',
      program: wrong,
      fails: { 'single-win-is-noise': /^For a GPU that wins at the largest size only, findCrossover\(.*\) returned 1,024, but/ },
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
        'answer-matches-table': /^main returned 128, but no GPU backend was timed here, so the answer is null\.$/,
      },
    },
    {
      name: 'takes one timed run per size',
      program: { ...solution, default: ownTiming(1, (product) => product.slice([0, 0], [1, 1])) },
      fails: { 'answer-matches-table': /^"cpu matMul 32×32" has 1 timed run; a median needs at least 3/ },
    },
    {
      name: 'reads back the whole product to wait for the device',
      program: { ...solution, default: ownTiming(3, (product) => product) },
      fails: { 'answer-matches-table': /^main read back a whole \[32, 32\] tensor: that times the copy to JavaScript/ },
    },
  ],
});

test('right but different: a forward scan and other words pass', async () => {
  const forwardScan = {
    ...solution,
    findCrossover(cpuMs: ReadonlyMap<number, number>, gpuMs: ReadonlyMap<number, number>): number | null {
      const sizes = [...cpuMs.keys()].filter((size) => gpuMs.has(size)).sort((a, b) => a - b);
      const wins = sizes.map((size) => (gpuMs.get(size) ?? 0) < (cpuMs.get(size) ?? 0));
      const from = wins.findIndex((_, index) => wins.slice(index).every(Boolean));
      return from >= 0 && wins.length - from >= 2 ? (sizes[from] ?? null) : null;
    },
    answerInWords(cpuMs: ReadonlyMap<number, number>, gpuMs: ReadonlyMap<number, number>): string {
      const from = forwardScan.findCrossover(cpuMs, gpuMs);
      const largest = Math.max(...[...cpuMs.keys()].filter((size) => gpuMs.has(size)));
      return from === null
        ? `No crossover up to ${largest} × ${largest}: the CPU side wins.`
        : `From ${from} × ${from} on, the GPU wins.`;
    },
  };
  const result = await runInNode(forwardScan, check);
  expect(result.requirements.filter((item) => !item.passed)).toEqual([]);
});
