/**
 * Node only, for an exercise's check.test.ts: runs programs through the real harness on the tfjs CPU
 * backend and declares what must pass and fail. Checks never import this file.
 *
 * ```ts
 * testExercise('exercise-fair-timing', {
 *   check,
 *   solution,
 *   starter: { program: starter, fails: { 'waits-for-device': /clock stopped/ } },
 *   wrong: [{ name: 'times the total, not one call', program: wrong, fails: { 'per-call': /divide/ } }],
 * });
 * ```
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  createExerciseLab,
  runExercise,
  type ExerciseProgram,
  type ExerciseResult,
} from '../../src/lab/exercise/exercise-harness.ts';
import { exercisePassed } from '../../src/exercise/exercise-words.ts';
import { parseExercise } from '../../src/schemas/exercise.ts';
import type { ExerciseCheck } from '../api/exercise';

/** A program that must not pass. */
export interface FailingProgram {
  /** What is wrong with it, as the test's name, e.g. 'reads the loss every step'. */
  name: string;
  /** The program: a module namespace (`import * as wrong from './wrong.ts'`) or an object with the same exports. */
  program: ExerciseProgram;
  /**
   * Exactly the requirements it fails, by id, each with a pattern its message must match; every other
   * requirement must pass. Pinning both keeps each message specific and each failure deliberate.
   */
  fails: Readonly<Record<string, RegExp>>;
}

export interface ExerciseTests {
  /** The default export of check.ts. */
  check: ExerciseCheck;
  /** solution.ts as a module: must pass every requirement. */
  solution: ExerciseProgram;
  /** main.ts as a module, as the learner first sees it. */
  starter: Omit<FailingProgram, 'name'>;
  /** At least one more wrong program (wrong.ts, or variants built in the test). */
  wrong: readonly FailingProgram[];
}

/** Runs `program` and its check with a fresh recording lab on the CPU backend. */
export async function runInNode(program: ExerciseProgram, check: ExerciseCheck): Promise<ExerciseResult> {
  await tf.setBackend('cpu');
  await tf.ready();
  const { lab, tap } = createExerciseLab();
  return runExercise({ program, check, lab, tap, tf });
}

/** The lesson MDX file an exercise.json's "lesson" names. */
function lessonFile(lesson: string): string {
  return fileURLToPath(new URL(`../../content/lessons/${lesson}.mdx`, import.meta.url));
}

/** Reads and validates labs/<id>/exercise.json (throws naming the file and field). */
export function readExerciseJson(id: string) {
  const url = new URL(`../${id}/exercise.json`, import.meta.url);
  return parseExercise(readFileSync(url, 'utf8'), `labs/${id}/exercise.json`);
}

function failures(result: ExerciseResult): Record<string, string> {
  return Object.fromEntries(result.requirements.filter((item) => !item.passed).map((item) => [item.id, item.message]));
}

function expectFails(result: ExerciseResult, fails: Readonly<Record<string, RegExp>>): void {
  const failed = failures(result);
  // Compare the ids first: the message list on failure shows what the check said instead.
  expect(Object.keys(failed).sort(), JSON.stringify(failed, null, 2)).toEqual(Object.keys(fails).sort());
  for (const [id, pattern] of Object.entries(fails)) expect(failed[id], `message of "${id}"`).toMatch(pattern);
  // Neither the harness nor the page may call it a pass (a program that patched a built-in could make them).
  expect(result.passed, 'the harness says passed').toBe(false);
  expect(exercisePassed(result.requirements), 'the page would record a pass').toBe(false);
}

/** Declares the tests of one exercise: its description is valid, the solution passes, the starter and every wrong program fail as stated. */
export function testExercise(id: string, tests: ExerciseTests): void {
  describe(id, () => {
    beforeAll(async () => {
      await tf.setBackend('cpu');
      await tf.ready();
    });

    test('exercise.json is valid and names a lesson that exists', () => {
      const exercise = readExerciseJson(id);
      expect(existsSync(lessonFile(exercise.lesson)), `content/lessons/${exercise.lesson}.mdx`).toBe(true);
    });

    test('the reference solution passes every requirement', async () => {
      const result = await runInNode(tests.solution, tests.check);
      expect(failures(result)).toEqual({});
      expect(result.passed).toBe(true);
      expect(exercisePassed(result.requirements)).toBe(true);
    });

    test(`the starter fails: ${Object.keys(tests.starter.fails).join(', ')}`, async () => {
      expectFails(await runInNode(tests.starter.program, tests.check), tests.starter.fails);
    });

    test.each(tests.wrong.map((wrong) => [wrong.name, wrong] as const))('a wrong program fails: %s', async (_name, wrong) => {
      expectFails(await runInNode(wrong.program, tests.check), wrong.fails);
    });
  });
}

/**
 * `program` as a cheater would write it: before main and before every call of its exported functions, it
 * tries `patch` (replacing a built-in or a part of the engine that the harness and the check rely on),
 * and carries on when the locked realm refuses. Such a program must fail exactly as `program` does.
 */
export function tampering(program: ExerciseProgram, patch: () => void): ExerciseProgram {
  const attempt = () => {
    try {
      patch();
    } catch {
      // Refused: the realm is locked (src/lab/exercise/exercise-lockdown.ts).
    }
  };
  return Object.fromEntries(
    Object.entries(program).map(([name, value]) => [
      name,
      typeof value === 'function'
        ? (...args: unknown[]) => {
            attempt();
            return (value as (...args: unknown[]) => unknown)(...args);
          }
        : value,
    ]),
  );
}

/** The patches the probes of issue 18 used to get a wrong program recorded as passed. */
export const probes = {
  /** Every `every` says yes, so "all requirements passed" would hold. */
  everyAlwaysTrue: () => {
    (Array.prototype as { every: unknown }).every = () => true;
  },
  /** `push` drops failed requirements, so a check's list would hold only what passed. */
  pushDropsFailures: () => {
    const push = Array.prototype.push;
    Array.prototype.push = function pushPassedOnly(this: unknown[], ...items: unknown[]) {
      const kept = items.filter(
        (item) => !(typeof item === 'object' && item !== null && 'passed' in item && item.passed === false),
      );
      return push.apply(this, kept);
    };
  },
  /** The engine reports no tensor at all, so a leak would disappear from the counts. */
  memoryHidesTensors: () => {
    const engine = tf.engine();
    const memory = engine.memory.bind(engine);
    const fake = () => ({ ...memory(), numTensors: 0, numBytes: 0 });
    (engine as { memory: unknown }).memory = fake;
    (Object.getPrototypeOf(engine) as { memory: unknown }).memory = fake;
  },
} as const;
