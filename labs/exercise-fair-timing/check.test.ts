import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { runInNode, testExercise } from '../exercise-kit/testing.ts';
import check from './check.ts';
import * as starter from './main.ts';
import * as solution from './solution.ts';
import * as wrong from './wrong.ts';

/** The solution's timeIt with one change, to show that each requirement can fail on its own. */
function variant(timeIt: (work: () => tf.Tensor, repeats: number) => Promise<number>) {
  return { default: solution.default, timeIt };
}

testExercise('exercise-fair-timing', {
  check,
  solution,
  starter: {
    program: starter,
    fails: {
      'waits-for-device': /reported 0\.05 ms per call, but each call keeps this simulated GPU busy for 4 ms/,
      'one-call': /Not checked yet: first make the clock wait/,
      'warm-up': /timeIt\(work, 1\) reported 150 ms.*the 150 ms of compiling/,
    },
  },
  wrong: [
    {
      name: 'starts the clock while the warm-up is still running',
      program: wrong,
      fails: { 'warm-up': /reported 8 ms, about twice .* while the warm-up call was still running/ },
    },
    {
      name: 'returns the total time of all calls',
      program: variant(async (work, repeats) => (await solution.timeIt(work, repeats)) * repeats),
      fails: { 'one-call': /reported 40\.5 ms, about 10 times .* divide the total time by repeats/ },
    },
    {
      name: 'leaves every result alive',
      program: variant(async (work, repeats) => {
        await work().data();
        const start = performance.now();
        for (let i = 0; i < repeats; i++) await work().data();
        return (performance.now() - start) / repeats;
      }),
      fails: { disposes: /left 11 tensors alive/ },
    },
    {
      name: 'times a single call',
      program: variant((work) => solution.timeIt(work, 1)),
      fails: { 'times-repeats': /called work 2 times; time 10 calls/ },
    },
  ],
});

test('right but different: one wait after the last timed call (throughput) passes', async () => {
  const syncOnceAtTheEnd = {
    ...solution,
    async timeIt(work: () => tf.Tensor, repeats = 10): Promise<number> {
      const warmUp = work();
      await warmUp.data();
      warmUp.dispose();
      const start = performance.now();
      const results: tf.Tensor[] = [];
      for (let i = 0; i < repeats; i++) results.push(work());
      await results[results.length - 1]?.data();
      const elapsed = performance.now() - start;
      tf.dispose(results);
      return elapsed / repeats;
    },
  };
  const result = await runInNode(syncOnceAtTheEnd, check);
  expect(result.requirements.filter((item) => !item.passed)).toEqual([]);
});
