/**
 * Measures one point of the crossover sweep on the active backend: how fast the CNN of a given width
 * trains on batches of a given size, with the one-off cost of the first step reported apart.
 *
 * The batch is random data created on the device once, so the figure is the model's arithmetic and
 * kernel launches, not data loading (like the PyTorch peer's throughput mode). The first step pays the
 * backend's one-off costs (on WebGL and WebGPU compiling shaders; on every backend allocating the model's
 * memory); then come the timed repeats, whose median is the point's figure (labs/api/time-steps.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { createCnn, createOptimizer, trainStep } from './model.ts';
import { NUM_CLASSES } from '../api/cifar10.ts';
import { MIN_REPEATS } from '../api/crossover.ts';
import { timeRepeats, type RepeatedTimes, type RepeatTiming } from '../api/time-steps.ts';
import type { SweepPoint } from './sweep-plan.ts';

export interface PointTiming extends RepeatTiming {
  seed: number;
}

/** The fewest timed repeats a point gets: what the crossover rule (labs/api/crossover.ts) needs. */
export const MIN_POINT_REPEATS = MIN_REPEATS;

export interface PointMeasurement extends SweepPoint, RepeatedTimes {
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
    const times = await timeRepeats(step, timing);
    return {
      ...point,
      ...times,
      imagesPerSecond: (point.batchSize * 1000) / times.msPerStep,
      gflopsPerSecond: point.flopsPerStep / (times.msPerStep / 1000) / 1e9,
    };
  } finally {
    tf.dispose([images, labels]);
    optimizer.dispose();
    model.dispose();
  }
}
