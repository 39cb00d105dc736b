/**
 * The worker's side of an exercise (Exercise.astro): the hidden check arrives with the run request,
 * bundled at build time (build/bundle-check.ts); it becomes a module that imports the worker's own
 * TensorFlow.js, then the harness (exercise-harness.ts) runs the learner's program and the check.
 *
 * The result goes to the page with the run's secret, which the page made for this run and which only
 * this module's closure holds: the learner's program runs in the same worker and can post messages, but
 * it cannot post a result the page will believe.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { Lab } from '../../../labs/api/index.ts';
import type { ExerciseCheck } from '../../../labs/api/exercise.ts';
import { runExercise, type ExerciseProgram, type ExerciseResult, type OutputTap } from './exercise-harness.ts';
import { rewriteImports, type CreateModuleUrl } from '../worker/module-linker.ts';

/** Turns the bundled check into its `ExerciseCheck`; its only import, TensorFlow.js, is the worker's own. */
export async function loadCheck(code: string, tfjsUrl: string, moduleUrl: CreateModuleUrl): Promise<ExerciseCheck> {
  const linked = rewriteImports(
    code,
    (specifier) => {
      if (specifier === '@tensorflow/tfjs') return tfjsUrl;
      throw new Error(`The exercise's check imports ${specifier}, which the build should have bundled; rebuild the site.`);
    },
    "the exercise's check",
  );
  const module = (await import(/* @vite-ignore */ moduleUrl(linked))) as { default?: unknown };
  if (typeof module.default !== 'function') {
    throw new Error("The exercise's check has no default export to run; its check.ts must export an ExerciseCheck.");
  }
  return module.default as ExerciseCheck;
}

export interface ExerciseOutcome {
  result: ExerciseResult;
  /** What the learner's main threw, kept as thrown so the page can point at its line; null when it ran through. */
  programError: { thrown: unknown } | null;
}

/**
 * Runs the learner's program and then the check. The harness reports a throwing main as a failed
 * requirement; the thrown value is kept here too, so the lab still shows the error at its line.
 */
export async function runProgramWithCheck(options: {
  program: ExerciseProgram;
  check: ExerciseCheck;
  lab: Lab;
  tap: OutputTap;
  tf: typeof tfjs;
}): Promise<ExerciseOutcome> {
  let programError: ExerciseOutcome['programError'] = null;
  const main = options.program.default;
  const program: ExerciseProgram =
    typeof main === 'function'
      ? {
          ...options.program,
          default: async (lab: Lab) => {
            try {
              return await (main as (lab: Lab) => unknown)(lab);
            } catch (thrown) {
              programError = { thrown };
              throw thrown;
            }
          },
        }
      : options.program;
  const result = await runExercise({ ...options, program });
  return { result, programError };
}
