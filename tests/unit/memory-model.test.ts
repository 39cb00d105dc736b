import { describe, expect, test } from 'vitest';
import {
  activationsPerImage,
  bytesPerImage,
  cnnActivations,
  elements,
  estimateTrainingMemory,
  inputValuesPerImage,
  largestBatch,
  parameterCount,
} from '../../labs/mixed-precision/memory-model.ts';

/**
 * The project CNN's training memory, against numbers worked out by hand from its shapes.
 * Per parameter, with Adam: 4 (weight) + 4 (gradient) + 8 (two moments) = 16 bytes under both precisions,
 * so 62,006 parameters cost 992,096 bytes either way.
 * Per image: 3,072 input values and 8,094 layer-output values.
 *   float32:  3,072 × 4 (input batch) + 8,094 × 4 (layer outputs)                = 12,288 + 32,376 = 44,664 bytes
 *   autocast: 3,072 × 4 (input batch) + 3,072 × 2 (its float16 copy) + 8,094 × 2 = 12,288 + 22,332 = 34,620 bytes
 */
describe('memory model of the project CNN', () => {
  test('62,006 parameters, 248,024 bytes in float32', () => {
    expect(parameterCount()).toBe(62_006);
    expect(estimateTrainingMemory('float32', 16).parameters).toBe(248_024);
  });

  test('values per image, layer by layer', () => {
    expect(cnnActivations.map((layer) => elements(layer.shape))).toEqual([3_072, 4_704, 1_176, 1_600, 400, 120, 84, 10]);
    expect(activationsPerImage()).toBe(11_166);
    expect(inputValuesPerImage()).toBe(3_072);
  });

  test('bytes per image: the input batch stays float32, the saved activations halve under autocast', () => {
    expect(bytesPerImage('float32')).toEqual({ inputBatch: 12_288, activations: 32_376 });
    expect(bytesPerImage('autocast float16')).toEqual({ inputBatch: 12_288, activations: 22_332 });
  });

  test('float32 at batch 16 and 64', () => {
    expect(estimateTrainingMemory('float32', 16)).toEqual({
      precision: 'float32',
      batchSize: 16,
      parameters: 248_024,
      gradients: 248_024,
      optimizer: 496_048,
      inputBatch: 196_608,
      activations: 518_016,
      total: 1_706_720,
    });
    expect(estimateTrainingMemory('float32', 64).activations).toBe(2_072_064);
    expect(estimateTrainingMemory('float32', 64).total).toBe(3_850_592);
  });

  test('autocast keeps parameters, gradients and Adam moments in float32: only the activations shrink', () => {
    expect(estimateTrainingMemory('autocast float16', 16)).toEqual({
      precision: 'autocast float16',
      batchSize: 16,
      parameters: 248_024,
      gradients: 248_024,
      optimizer: 496_048,
      inputBatch: 196_608,
      activations: 357_312,
      total: 1_546_016,
    });
    expect(estimateTrainingMemory('autocast float16', 64).activations).toBe(1_429_248);
    expect(estimateTrainingMemory('autocast float16', 64).total).toBe(3_207_776);
  });

  test('the largest batch under a budget', () => {
    // (2,000,000 − 992,096) / 44,664 = 22.6 and / 34,620 = 29.1
    expect(largestBatch('float32', 2_000_000)).toBe(22);
    expect(largestBatch('autocast float16', 2_000_000)).toBe(29);
    // The lab's 3.5 MB budget: (3,500,000 − 992,096) / 44,664 = 56.2 and / 34,620 = 72.4
    expect(largestBatch('float32', 3_500_000)).toBe(56);
    expect(largestBatch('autocast float16', 3_500_000)).toBe(72);
    expect(largestBatch('float32', 500_000)).toBe(0);
  });
});
