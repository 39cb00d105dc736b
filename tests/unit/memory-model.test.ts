import { describe, expect, test } from 'vitest';
import {
  activationsPerImage, cnnActivations, elements, estimateTrainingMemory, largestBatch, parameterCount,
} from '../../labs/mixed-precision/memory-model.ts';

/** The project CNN's training memory, against numbers worked out by hand from its shapes. */
describe('memory model of the project CNN', () => {
  test('62,006 parameters, 248,024 bytes in float32', () => {
    expect(parameterCount()).toBe(62_006);
    expect(estimateTrainingMemory('float32', 16).parameters).toBe(248_024);
  });

  test('activations per image, layer by layer', () => {
    expect(cnnActivations.map((layer) => elements(layer.shape))).toEqual([3_072, 4_704, 1_176, 1_600, 400, 120, 84, 10]);
    expect(activationsPerImage()).toBe(11_166);
  });

  test('float32 at batch 16 and 64', () => {
    expect(estimateTrainingMemory('float32', 16)).toEqual({
      precision: 'float32', batchSize: 16,
      parameters: 248_024, gradients: 248_024, optimizer: 496_048, activations: 714_624, total: 1_706_720,
    });
    expect(estimateTrainingMemory('float32', 64).activations).toBe(2_858_496);
    expect(estimateTrainingMemory('float32', 64).total).toBe(3_850_592);
  });

  test('mixed float16 keeps a float32 master copy: weights cost more, activations half', () => {
    expect(estimateTrainingMemory('mixed float16', 16)).toEqual({
      precision: 'mixed float16', batchSize: 16,
      parameters: 372_036, gradients: 124_012, optimizer: 496_048, activations: 357_312, total: 1_349_408,
    });
    expect(estimateTrainingMemory('mixed float16', 64).total).toBe(2_421_344);
  });

  test('the largest batch under a budget roughly doubles with mixed precision', () => {
    // (2,000,000 − 992,096) / 44,664 = 22.6 and / 22,332 = 45.1
    expect(largestBatch('float32', 2_000_000)).toBe(22);
    expect(largestBatch('mixed float16', 2_000_000)).toBe(45);
    expect(largestBatch('float32', 500_000)).toBe(0);
  });
});
