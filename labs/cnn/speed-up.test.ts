import { expect, test } from 'vitest';
import { speedUpAtLargestSize } from './speed-up.ts';

const at = (width: number, batchSize: number, imagesPerSecond: number) => ({ width, batchSize, imagesPerSecond });

test('the speed-up is taken at the largest size both backends measured', () => {
  const gpu = [at(1, 64, 100), at(2, 64, 300), at(4, 64, 400)];
  // The baseline stopped growing one size earlier.
  const wasm = [at(1, 64, 200), at(2, 64, 150)];
  expect(speedUpAtLargestSize(gpu, wasm)).toBe(2);
  expect(speedUpAtLargestSize(gpu, [])).toBeNull();
  expect(speedUpAtLargestSize([], wasm)).toBeNull();
});
