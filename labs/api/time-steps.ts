/**
 * The clock of the labs' sweeps: how long `steps` training steps take on the active backend, measured
 * honestly on a GPU. Each step returns its loss, which is disposed as soon as the next one starts; only
 * the last is read back, once, so the clock stops when the device has finished every queued step, and no
 * read inside the loop makes the CPU wait for the GPU between steps.
 */
import type { Scalar } from '@tensorflow/tfjs';
import { MIN_REPEATS } from './crossover.ts';
import { median } from './median.ts';

/** Milliseconds for `steps` calls of `work`, ended by one read-back of the last step's result. */
export async function timeSteps(work: () => Scalar, steps: number): Promise<number> {
  const started = performance.now();
  let last: Scalar | undefined;
  for (let i = 0; i < steps; i++) {
    last?.dispose();
    last = work();
  }
  await last?.data();
  last?.dispose();
  return performance.now() - started;
}

/** How a sweep's point is timed: the work per point and the timed repeats the crossover rule judges. */
export interface RepeatTiming {
  /** Aim for at least this much timed work, all repeats together, after the two untimed steps. */
  minSeconds: number;
  /** Never fewer timed steps per repeat than this, nor more than maxSteps. */
  minSteps: number;
  maxSteps: number;
  /** Timed repeats; default, and at least, the crossover rule's MIN_REPEATS (3). */
  repeats?: number;
}

export interface RepeatedTimes {
  /** The first step alone, read back: the backend's one-off costs (shaders, first allocations), then the step. */
  firstStepMs: number;
  /** Steady state: the median over the repeats of each repeat's time per step. */
  msPerStep: number;
  /** Each timed repeat's time per step, in order: what the crossover rule judges. */
  repeatMsPerStep: number[];
  /** Timed steps per repeat. */
  steps: number;
}

/**
 * Times `step` as the sweeps do: a first step apart, a second untimed one that sets how many steps a repeat
 * needs, then the timed repeats, each ended by one read-back; the figure is their median (median.ts), so one
 * repeat slowed by another program moves it little.
 */
export async function timeRepeats(step: () => Scalar, timing: RepeatTiming): Promise<RepeatedTimes> {
  const firstStepMs = await timeSteps(step, 1);
  const secondStepMs = await timeSteps(step, 1);
  const repeats = Math.max(MIN_REPEATS, Math.floor(timing.repeats ?? MIN_REPEATS));
  const steps = Math.min(
    timing.maxSteps,
    Math.max(timing.minSteps, Math.ceil((timing.minSeconds * 1000) / repeats / Math.max(secondStepMs, 0.001))),
  );
  const repeatMsPerStep: number[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) repeatMsPerStep.push((await timeSteps(step, steps)) / steps);
  return { firstStepMs, msPerStep: median(repeatMsPerStep), repeatMsPerStep, steps };
}
