import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { formatLogLine, formatValue } from '../../src/lab/worker/format-value.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

test('tensors show dtype, shape and values', () => {
  const tensor = tf.tensor2d(
    [
      [1, 2],
      [3, 4],
    ],
    undefined,
    'int32',
  );
  expect(formatValue(tensor)).toBe('Tensor int32 [2, 2]\n[[1, 2],\n [3, 4]]');
  tensor.dispose();
});

test('typed arrays and long arrays are shortened', () => {
  expect(formatValue(new Float32Array([1, 2.5]))).toBe('Float32Array(2) [1, 2.5]');
  expect(formatValue(new Float32Array(150))).toContain('… 50 more');
  expect(formatValue(Array.from({ length: 101 }, (_, index) => index))).toContain('"… 1 more"');
});

test('odd values still print', () => {
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  expect(formatValue(circular)).toBe('[object Object]');
  expect(formatValue(undefined)).toBe('undefined');
  expect(formatValue(new RangeError('too big'))).toBe('RangeError: too big');
  expect(formatValue({ big: 10n, inf: Number.POSITIVE_INFINITY })).toBe('{\n  "big": "10n",\n  "inf": "Infinity"\n}');
});

test('a huge log line is cut', () => {
  expect(formatLogLine(['x'.repeat(30_000)])).toMatch(/^x{19975}… \(10,025 characters cut\)$/);
});
