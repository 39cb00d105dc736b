/**
 * Every exercise at once: the course's Practice is covered, each folder has its files, the learner's files
 * follow the lab rules (so they link in the worker), and each check bundles without any learner file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { compileLabFiles } from '../../src/lab/build/compile-lab.ts';
import { linkProgram } from '../../src/lab/worker/module-linker.ts';
import { readExerciseJson } from './testing.ts';
import { bundleCheck } from '../../src/lab/build/bundle-check.ts';

const labsFolder = fileURLToPath(new URL('..', import.meta.url));
const exerciseIds = readdirSync(labsFolder).filter((id) => existsSync(`${labsFolder}${id}/check.ts`));

/** The lessons whose Practice the exercises take up: every lesson with a Practice or a lab. */
const lessonsWithPractice = [
  'module-5/where-gpus-are-used',
  'module-5/why-enable-the-gpu',
  'module-5/day-9-cpu-vs-gpu',
  'module-5/day-10-moving-to-devices',
  'week-6/applied-scenarios',
  'week-6/true-false-review',
  'project/benchmarking-a-cnn',
];

/** Files of an exercise folder the page never shows as part of the program. */
const hidden = new Set(['check.ts', 'solution.ts', 'wrong.ts']);

function programFiles(id: string): string[] {
  return readdirSync(`${labsFolder}${id}`).filter(
    (file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !hidden.has(file),
  );
}

describe('the exercises', () => {
  test('there are at least 10, and every lesson with a Practice has one', () => {
    expect(exerciseIds.length).toBeGreaterThanOrEqual(10);
    const lessons = new Set(exerciseIds.map((id) => readExerciseJson(id).lesson));
    expect(lessonsWithPractice.filter((lesson) => !lessons.has(lesson))).toEqual([]);
  });

  test.each(exerciseIds)('%s has its files and a kebab-case id', (id) => {
    expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    for (const file of ['main.ts', 'check.ts', 'solution.ts', 'exercise.json', 'check.test.ts']) {
      expect(existsSync(`${labsFolder}${id}/${file}`), `labs/${id}/${file}`).toBe(true);
    }
  });

  test.each(exerciseIds)('%s: the starter and the solution link as lab programs', async (id) => {
    const helpers = programFiles(id).filter((file) => file !== 'main.ts');
    for (const entry of ['main.ts', 'solution.ts']) {
      const sources = [entry, ...helpers].map((file) => ({
        path: file === entry ? 'main.ts' : file,
        source: readFileSync(`${labsFolder}${id}/${file}`, 'utf8'),
      }));
      const files = await compileLabFiles(sources);
      let next = 0;
      expect(
        () => linkProgram(files, 'main.ts', { '@tensorflow/tfjs': 'tfjs:' }, 'api:', () => `module:${next++}`),
        entry,
      ).not.toThrow();
    }
  });

  test.each(exerciseIds)('%s: check.ts bundles for the worker without the learner’s files', async (id) => {
    const { inputs } = await bundleCheck(id);
    const forbidden = inputs.filter(
      (input) =>
        new RegExp(`labs/${id}/(main|solution|wrong)\\.ts$`).test(input) ||
        input.includes('node_modules/') ||
        input.startsWith('src/') ||
        input.endsWith('exercise-kit/testing.ts'),
    );
    expect(forbidden).toEqual([]);
  });
});
