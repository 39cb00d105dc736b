/**
 * What an exercise says about its checks and its state, in one pure module (unit-tested).
 */
import type { Requirement } from '../../labs/api/exercise.ts';
import type { ExerciseRecord } from '../progress/progress-store.ts';

/**
 * Whether a list of requirements is a passed exercise. The page decides this itself, from the list, and
 * never from a flag the worker sends: the list must be what the harness makes (its own 'program-runs'
 * first, then at least one of the check's), with unique ids, and every one of them passed.
 */
export function exercisePassed(requirements: readonly Pick<Requirement, 'id' | 'passed'>[]): boolean {
  if (requirements.length < 2 || requirements[0]?.id !== 'program-runs') return false;
  const ids = new Set(requirements.map((requirement) => requirement.id));
  return ids.size === requirements.length && requirements.every((requirement) => requirement.passed === true);
}

/** The line above the list of checks, e.g. "2 of 4 checks pass. Fix the 2 marked ✗ and run again." */
export function checkSummary(requirements: readonly Pick<Requirement, 'id' | 'passed'>[]): string {
  const total = requirements.length;
  const passing = requirements.filter((requirement) => requirement.passed).length;
  if (exercisePassed(requirements)) {
    return `All ${total} check${total === 1 ? '' : 's'} pass: exercise passed. It is saved with your progress in this browser.`;
  }
  const failing = total - passing;
  return `${passing} of ${total} checks pass. Fix the ${failing === 1 ? 'one' : failing} marked ✗ and run again.`;
}

/** The badge next to the exercise's kicker, or null while there is nothing to say. */
export function exerciseBadge(record: ExerciseRecord | undefined): string | null {
  if (!record) return null;
  if (record.passedAt && record.solutionShownAt) return 'Passed · solution shown';
  if (record.passedAt) return 'Passed';
  if (record.solutionShownAt) return 'Solution shown';
  return null;
}
