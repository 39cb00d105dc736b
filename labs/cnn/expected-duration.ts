/**
 * What the long presets say before they start, so a learner can decide whether to wait: the work they
 * will do, and what it costs at the speeds browsers reach. This machine's own estimate follows once each
 * backend has been timed (the 'Estimate' stage), before any training.
 */
import { PROJECT_IMAGES_SEEN } from '../api/cnn-report.ts';
import { count, counted, duration } from '../api/words.ts';

/** Training speeds to price the full project at: a slow laptop's WASM, a fast desktop's, a real GPU's. */
const EXAMPLE_IMAGES_PER_SECOND = [100, 500, 2_000] as const;

export function fullProjectDurationText(backends: number): string {
  const prices = EXAMPLE_IMAGES_PER_SECOND.map(
    (speed) => `${duration((1000 * PROJECT_IMAGES_SEEN) / speed)} at ${count(speed)} images/s`,
  ).join(', ');
  return (
    `Expected duration: about 55 MB to download, then ${count(PROJECT_IMAGES_SEEN)} training images on each of ` +
    `${counted(backends, 'backend')}: ${prices}, per backend. This machine's estimate follows before training starts; Stop ends the run at any time.`
  );
}

/**
 * The sweep times each point for `secondsPerPoint` after two untimed steps, and a backend stops growing once a
 * step takes longer than `maxSecondsPerStep`: so each point costs at most about secondsPerPoint + 2 × that.
 */
export function sweepDurationText(backends: number, points: number, secondsPerPoint: number, maxSecondsPerStep: number): string {
  const upToMs = 1000 * backends * points * (secondsPerPoint + 2 * maxSecondsPerStep);
  return (
    `Expected duration: up to about ${duration(upToMs)} for ${counted(points, 'size')} on ${counted(backends, 'backend')} ` +
    `(less when a backend stops early, after a step over ${maxSecondsPerStep} s); Stop ends the run at any time.`
  );
}
