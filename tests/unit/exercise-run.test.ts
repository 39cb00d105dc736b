import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleCheck } from '../../src/lab/build/bundle-check.ts';
import { createExerciseLab } from '../../src/lab/exercise/exercise-harness.ts';
import { loadCheck, runProgramWithCheck } from '../../src/lab/exercise/exercise-run.ts';

/**
 * The worker's side of an exercise, in Node: the check as the build bundles it, linked the way the
 * worker links it (its TensorFlow.js import pointed at a module of our choosing), then run after a program.
 */

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A module URL for Node: the code as a data: URL, its tfjs import already pointed at the real package. */
const dataUrl = (code: string) => `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`;
const tfjsUrl = import.meta.resolve('@tensorflow/tfjs');

describe('loadCheck', () => {
  it('links a bundled check to the given TensorFlow.js and returns its ExerciseCheck', async () => {
    const { code } = await bundleCheck('exercise-tensor-leak');
    expect(code).not.toMatch(/from ["']\.\.?\//);
    const check = await loadCheck(code, tfjsUrl, dataUrl);
    expect(typeof check).toBe('function');
  });

  it('refuses a check that imports anything but TensorFlow.js, and one without a default export', async () => {
    await expect(loadCheck("import x from './main.ts'; export default x;", tfjsUrl, dataUrl)).rejects.toThrow(
      "The exercise's check imports ./main.ts, which the build should have bundled; rebuild the site.",
    );
    await expect(loadCheck('export const check = 1;', tfjsUrl, dataUrl)).rejects.toThrow('has no default export to run');
  });
});

describe('runProgramWithCheck', () => {
  it('keeps what main threw, as thrown, and still runs the check', async () => {
    const thrown = new RangeError('learner bug');
    const { lab, tap } = createExerciseLab();
    const outcome = await runProgramWithCheck({
      program: {
        default: () => {
          throw thrown;
        },
      },
      check: ({ run }) => [{ id: 'saw-error', label: 'The check ran', passed: run.error === 'learner bug', message: 'ok' }],
      lab,
      tap,
      tf,
    });
    expect(outcome.programError?.thrown).toBe(thrown);
    expect(outcome.result.requirements.map((requirement) => [requirement.id, requirement.passed])).toEqual([
      ['program-runs', false],
      ['saw-error', true],
    ]);
  });

  it('reports no program error when main runs through', async () => {
    const { lab, tap } = createExerciseLab();
    const outcome = await runProgramWithCheck({
      program: { default: () => undefined },
      check: () => [{ id: 'fine', label: 'Fine', passed: true, message: 'ok' }],
      lab,
      tap,
      tf,
    });
    expect(outcome.programError).toBeNull();
    expect(outcome.result.passed).toBe(true);
  });
});
