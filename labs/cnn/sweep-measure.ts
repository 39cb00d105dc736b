/**
 * Measures one point of the crossover sweep on the active backend: how fast the CNN of a given width
 * trains on batches of a given size, with the one-off cost of the first step reported apart.
 *
 * The batch is random data created on the device once, so the figure is the model's arithmetic and
 * kernel launches, not data loading (like the PyTorch peer's throughput mode). The first step pays the
 * backend's one-off costs (on WebGL and WebGPU compiling shaders; on every backend allocating the model's
 * memory); a second untimed step follows and sets how many steps a repeat needs. Then come `repeats` timed
 * repeats, each ended by one read-back so the clock stops only when the device has finished, and the point
 * reports their median (labs/api/median.ts): one repeat slowed by another program moves it little.
 */
import * as tf from '@tensorflow/tfjs';
import { createCnn, createOptimizer, trainStep } from './model.ts';
import { NUM_CLASSES } from '../api/cifar10.ts';
import { median } from '../api/median.ts';
import { timeSteps } from '../api/time-steps.ts';
import type { SweepPoint } from './sweep-plan.ts';

export interface PointTiming {
  /** Aim for at least this much timed work per point (after the warm-up), all repeats together. */
  minSeconds: number;
  /** Never fewer timed steps per repeat than this… */
  minSteps: number;
  /** …nor more. */
  maxSteps: number;
  seed: number;
  /** Timed repeats; the point reports their median. Default (and at least) 3: the crossover rule needs 3. */
  repeats?: number;
}

/** The fewest timed repeats a point gets: what the crossover rule (labs/api/crossover.ts) needs. */
export const MIN_POINT_REPEATS = 3;

export interface PointMeasurement extends SweepPoint {
  /** The first step alone, read back: the backend's one-off costs, then the step itself. */
  firstStepMs: number;
  /** Steady state: the median over the repeats of each repeat's time per step, after the two warm-up steps. */
  msPerStep: number;
  /** Each timed repeat's time per step, in order: what the crossover rule judges. */
  repeatMsPerStep: number[];
  /** Timed steps per repeat. */
  steps: number;
  imagesPerSecond: number;
  /** Achieved arithmetic rate: FLOPs per step / seconds per step / 1e9. */
  gflopsPerSecond: number;
}

export async function measurePoint(point: SweepPoint, timing: PointTiming): Promise<PointMeasurement> {
  const model = createCnn(timing.seed, point.width);
  const optimizer = createOptimizer();
  const images = tf.randomUniform<tf.Rank.R4>([point.batchSize, 32, 32, 3], -1, 1, 'float32', timing.seed);
  const labels = tf.tidy(() =>
    tf.cast(tf.floor(tf.randomUniform([point.batchSize], 0, NUM_CLASSES, 'float32', timing.seed + 1)), 'int32'),
  );
  const step = () => trainStep(model, optimizer, images, labels);
  try {
    const firstStepMs = await timeSteps(step, 1);
    const secondStepMs = await timeSteps(step, 1);
    const repeats = Math.max(MIN_POINT_REPEATS, Math.floor(timing.repeats ?? MIN_POINT_REPEATS));
    const steps = Math.min(
      timing.maxSteps,
      Math.max(timing.minSteps, Math.ceil((timing.minSeconds * 1000) / repeats / Math.max(secondStepMs, 0.001))),
    );
    const repeatMsPerStep: number[] = [];
    for (let repeat = 0; repeat < repeats; repeat++) repeatMsPerStep.push((await timeSteps(step, steps)) / steps);
    const msPerStep = median(repeatMsPerStep);
    return {
      ...point,
      firstStepMs,
      msPerStep,
      repeatMsPerStep,
      steps,
      imagesPerSecond: (point.batchSize * 1000) / msPerStep,
      gflopsPerSecond: point.flopsPerStep / (msPerStep / 1000) / 1e9,
    };
  } finally {
    tf.dispose([images, labels]);
    optimizer.dispose();
    model.dispose();
  }
}
