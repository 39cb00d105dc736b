/**
 * The lab runtime's public entry for the site (pages, components, progress, offline, the CNN results).
 * The site imports the runtime only here, through `src/lab/page/lab-element.ts` (the <course-lab> element a
 * lab's page loads) and through `src/lab/build/` (build time); eslint.config.js refuses any other path, so
 * the runtime's folders can change without the site noticing. Nothing here loads TensorFlow.js or Monaco.
 */
export { backendLabel, backendNames, backendSummary, isBackendName } from './shared/backends.ts';
export { formatNumber } from './shared/number-text.ts';
export { openResultsStore } from './shared/results-store.ts';
export { normalizeBase, siteScopedName } from './shared/site-scoped-name.ts';
export { isHiddenExerciseFile } from './exercise/exercise-files.ts';
export { exerciseResultEvent, type ExerciseResultDetail } from './exercise/exercise-result-event.ts';
export { labMeasuredEvent, type LabMeasuredDetail } from './outputs/measured-event.ts';
