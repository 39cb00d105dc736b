/**
 * How an exercise's checks travel from the lab client (which hears them from the worker, with the run's
 * secret) to the <course-exercise> around the lab: a bubbling DOM event.
 */
import type { Requirement } from '../../../labs/api/exercise.ts';

export const exerciseResultEvent = 'exercise-result';

export interface ExerciseResultDetail {
  /** Every requirement, in order; whether they make a pass is the page's own decision (exercise-words.ts). */
  requirements: readonly Requirement[];
}
