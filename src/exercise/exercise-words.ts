/**
 * What an exercise says about its checks and its state, in one pure module (unit-tested).
 */
import type { Requirement } from '../../labs/api/exercise.ts';
import type { ExerciseRecord } from '../progress/progress-store.ts';

/** The line above the list of checks, e.g. "2 of 4 checks pass. Fix the 2 marked ✗ and run again." */
export function checkSummary(requirements: readonly Pick<Requirement, 'passed'>[]): string {
  const total = requirements.length;
  const passing = requirements.filter((requirement) => requirement.passed).length;
  if (total > 0 && passing === total) {
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
