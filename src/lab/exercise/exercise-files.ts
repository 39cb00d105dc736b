/**
 * The files of an exercise folder that a learner never sees in the lab: the hidden check, the reference
 * solution (shown only on request, by the exercise, not as a lab file) and the wrong programs its tests
 * use. Everything else in the folder is the lab as usual: main.ts to edit, helpers read-only.
 */
const hiddenExerciseFiles: readonly string[] = ['check.ts', 'solution.ts', 'wrong.ts'];

/** Whether a lab file path (relative to its folder) is one the lab must not show or run. */
export function isHiddenExerciseFile(path: string): boolean {
  return hiddenExerciseFiles.includes(path);
}
