/**
 * Measures how fast the active backend trains the transformer at one size, with the one-off cost of the
 * first step reported apart: the sweep's point, and `npm run bench -- --model transformer`'s figure.
 *
 * The batch is random characters made on the device once, so the figure is the model's arithmetic and
 * kernel launches, not text handling (like the PyTorch twin's throughput mode). The first step pays the
 * backend's one-off costs (compiling shaders on WebGL and WebGPU, first allocations everywhere); a second
 * untimed step sets how many steps a repeat needs. Then `repeats` timed repeats, each ended by one read-back,
 * and the point reports their median (labs/api/median.ts), which the crossover rule also needs.
 */
import * as tf from '@tensorflow/tfjs';
import { MIN_REPEATS } from '../api/crossover.ts';
import { median } from '../api/median.ts';
import { timeSteps } from '../api/time-steps.ts';
import { trainingFlops } from './flops.ts';
import { causalMask, createTransformer, disposeTransformer, type TransformerShape } from './model.ts';
import { createOptimizer, trainStep } from './train.ts';

export interface PointTiming {
  /** Aim for at least this much timed work, all repeats together, after the two untimed steps. */
  minSeconds: number;
  /** Never fewer timed steps per repeat than this, nor more than maxSteps. */
  minSteps: number;
  maxSteps: number;
  /** Timed repeats (at least 3: the crossover rule needs 3). */
  repeats: number;
  seed: number;
  learningRate?: number;
}

export interface TransformerPoint {
  shape: TransformerShape;
  batchSize: number;
  flopsPerStep: number;
  firstStepMs: number;
  /** The median over the repeats of each repeat's time per step. */
  msPerStep: number;
  repeatMsPerStep: number[];
  /** Timed steps per repeat. */
  steps: number;
  /** Characters (positions) trained per second: batch × context per step. */
  tokensPerSecond: number;
  gflopsPerSecond: number;
}

/** The fewest timed repeats a point gets: what the crossover rule needs. */
export const MIN_POINT_REPEATS = MIN_REPEATS;

export async function measurePoint(shape: TransformerShape, batchSize: number, timing: PointTiming): Promise<TransformerPoint> {
  const model = createTransformer(shape, timing.seed);
  const optimizer = createOptimizer(timing.learningRate ?? 1e-3);
  const mask = causalMask(shape.context);
  const inputs = tf.randomUniform<tf.Rank.R2>([batchSize, shape.context], 0, shape.vocabulary, 'int32', timing.seed);
  const targets = tf.randomUniform<tf.Rank.R2>([batchSize, shape.context], 0, shape.vocabulary, 'int32', timing.seed + 1);
  const step = () => trainStep(model, optimizer, inputs, targets, mask);
  try {
    const firstStepMs = await timeSteps(step, 1);
    const secondStepMs = await timeSteps(step, 1);
    const repeats = Math.max(MIN_POINT_REPEATS, Math.floor(timing.repeats));
    const steps = Math.min(
      timing.maxSteps,
      Math.max(timing.minSteps, Math.ceil((timing.minSeconds * 1000) / repeats / Math.max(secondStepMs, 0.001))),
    );
    const repeatMsPerStep: number[] = [];
    for (let repeat = 0; repeat < repeats; repeat++) repeatMsPerStep.push((await timeSteps(step, steps)) / steps);
    const msPerStep = median(repeatMsPerStep);
    const flopsPerStep = trainingFlops(shape, batchSize).total;
    return {
      shape,
      batchSize,
      flopsPerStep,
      firstStepMs,
      msPerStep,
      repeatMsPerStep,
      steps,
      tokensPerSecond: (batchSize * shape.context * 1000) / msPerStep,
      gflopsPerSecond: flopsPerStep / (msPerStep / 1000) / 1e9,
    };
  } finally {
    tf.dispose([inputs, targets, mask]);
    optimizer.dispose();
    disposeTransformer(model);
  }
}
