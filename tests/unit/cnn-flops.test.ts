import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { forwardFlopsByLayer, forwardFlopsPerImage, trainingFlopsPerImage, trainingFlopsPerStep } from '../../labs/cnn/flops.ts';
import { countParameters, createCnn } from '../../labs/cnn/model.ts';
import { sweepPoints } from '../../labs/cnn/sweep-plan.ts';
import { crossoversByBatch } from '../../labs/cnn/sweep.ts';
import type { PointMeasurement } from '../../labs/cnn/sweep-measure.ts';

describe('training FLOPs from the layer shapes', () => {
  test('width 1, by hand: the project network', () => {
    // conv1: 28·28 outputs × 6 channels × (5·5·3) multiply-adds × 2 = 705,600
    // conv2: 10·10 × 16 × (5·5·6) × 2 = 480,000; dense: 2·400·120 + 2·120·84 + 2·84·10 = 117,840
    expect(forwardFlopsByLayer(1)).toEqual({ conv1: 705_600, conv2: 480_000, dense1: 96_000, dense2: 20_160, dense3: 1_680 });
    expect(forwardFlopsPerImage(1)).toBe(1_303_440);
    // forward + weight gradients + input gradients of every layer but conv1
    expect(trainingFlopsPerImage(1)).toBe(3 * 1_303_440 - 705_600);
    expect(trainingFlopsPerStep(1, 64)).toBe(205_102_080);
  });

  test('width 2, by hand: 12 and 32 channels, 240 and 168 hidden units', () => {
    const conv1 = 2 * 28 * 28 * 12 * 5 * 5 * 3; // 1,411,200
    const conv2 = 2 * 10 * 10 * 32 * 5 * 5 * 12; // 1,920,000
    const dense = 2 * 800 * 240 + 2 * 240 * 168 + 2 * 168 * 10; // 467,360
    expect(forwardFlopsPerImage(2)).toBe(conv1 + conv2 + dense);
    expect(trainingFlopsPerImage(2)).toBe(9_986_400);
    expect(trainingFlopsPerStep(2, 256)).toBe(9_986_400 * 256);
  });

  test('the widened network has the shapes the FLOP count assumes', () => {
    const model = createCnn(1, 2);
    expect(model.params.conv2Filter.shape).toEqual([5, 5, 12, 32]);
    expect(model.params.dense1Weights.shape).toEqual([800, 240]);
    const logits = tf.tidy(() => model.predict(tf.zeros([2, 32, 32, 3])));
    expect(logits.shape).toEqual([2, 10]);
    logits.dispose();
    model.dispose();
    const project = createCnn(1);
    expect(countParameters(project)).toBe(62_006);
    project.dispose();
  });
});

describe('the sweep', () => {
  test('visits every width and batch, smallest work first', () => {
    const points = sweepPoints([1, 2], [64, 256]);
    expect(points.map((point) => [point.width, point.batchSize])).toEqual([
      [1, 64],
      [2, 64],
      [1, 256],
      [2, 256],
    ]);
    for (let index = 1; index < points.length; index++) {
      expect(points[index].flopsPerStep).toBeGreaterThanOrEqual(points[index - 1].flopsPerStep);
    }
  });

  test('the crossover is judged along the width at each batch size, by the "stays faster" rule', () => {
    /** A point whose three repeats took `ms` per step each. */
    const point = (width: number, batchSize: number, ms: number): PointMeasurement => ({
      width,
      batchSize,
      flopsPerStep: trainingFlopsPerStep(width, batchSize),
      imagesPerSecond: (batchSize * 1000) / ms,
      firstStepMs: ms,
      msPerStep: ms,
      repeatMsPerStep: [ms, ms, ms],
      steps: 1,
      gflopsPerSecond: 0,
    });
    const wasm = [
      point(1, 64, 10),
      point(2, 64, 30),
      point(4, 64, 100),
      point(8, 64, 400),
      point(1, 256, 40),
      point(2, 256, 120),
    ];
    // At batch 64 the GPU stays faster from width 4; at batch 256 it wins at width 2 only, the largest: not enough.
    const gpu = [point(1, 64, 50), point(2, 64, 60), point(4, 64, 70), point(8, 64, 90), point(1, 256, 60), point(2, 256, 100)];
    const verdicts = crossoversByBatch(wasm, gpu, [64, 256]);
    expect(verdicts.map(({ batch, verdict }) => [batch, verdict.from])).toEqual([
      [64, 4],
      [256, null],
    ]);
    // One noisy win at width 2 (WASM slowed down once), lost again at width 4: no crossover.
    const noisyWasm = [point(1, 64, 10), point(2, 64, 90), point(4, 64, 60), point(8, 64, 400)];
    const noisyGpu = [point(1, 64, 50), point(2, 64, 60), point(4, 64, 70), point(8, 64, 500)];
    expect(crossoversByBatch(noisyWasm, noisyGpu, [64])[0].verdict.from).toBeNull();
  });
});
