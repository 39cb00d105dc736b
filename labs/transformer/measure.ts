/**
 * Measures how fast the active backend trains the transformer at one size, with the one-off cost of the
 * first step reported apart: the sweep's point, and `npm run bench -- --model transformer`'s figure.
 *
 * The batch is random characters made on the device once, so the figure is the model's arithmetic and
 * kernel launches, not text handling (like the PyTorch twin's throughput mode). The first step pays the
 * backend's one-off costs (compiling shaders on WebGL and WebGPU, first allocations everywhere); then come the
 * timed repeats, whose median is the point's figure (labs/api/time-steps.ts), as the crossover rule needs.
 */
import * as tf from '@tensorflow/tfjs';
import { MIN_REPEATS } from '../api/crossover.ts';
import { timeRepeats, type RepeatedTimes, type RepeatTiming } from '../api/time-steps.ts';
import { trainingFlops } from './flops.ts';
import { causalMask, createTransformer, disposeTransformer, type TransformerShape } from './model.ts';
import { createOptimizer, trainStep } from './train.ts';

export interface PointTiming extends RepeatTiming {
  seed: number;
  learningRate?: number;
}

export interface TransformerPoint extends RepeatedTimes {
  shape: TransformerShape;
  batchSize: number;
  flopsPerStep: number;
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
    const times = await timeRepeats(step, timing);
    const flopsPerStep = trainingFlops(shape, batchSize).total;
    return {
      shape,
      batchSize,
      flopsPerStep,
      ...times,
      tokensPerSecond: (batchSize * shape.context * 1000) / times.msPerStep,
      gflopsPerSecond: flopsPerStep / (times.msPerStep / 1000) / 1e9,
    };
  } finally {
    tf.dispose([inputs, targets, mask]);
    optimizer.dispose();
    disposeTransformer(model);
  }
}
