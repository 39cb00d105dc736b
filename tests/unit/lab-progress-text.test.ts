import { describe, expect, test } from 'vitest';
import { formatProgressAmount } from '../../src/lab/progress-text.ts';

describe('formatProgressAmount', () => {
  test('steps by default', () => {
    expect(formatProgressAmount(3, 10, undefined)).toBe('3 / 10');
    expect(formatProgressAmount(3, 10, 'steps')).toBe('3 / 10');
  });
  test('bytes as megabytes, with a decimal below 10 MB', () => {
    expect(formatProgressAmount(1_234_567, 4_400_000, 'bytes')).toBe('1.2 of 4.4 MB');
    expect(formatProgressAmount(12_345_678, 55_000_000, 'bytes')).toBe('12 of 55 MB');
    expect(formatProgressAmount(5_800, 5_800, 'bytes')).toBe('5.8 of 5.8 kB');
  });
  test('images with thousands separators', () => {
    expect(formatProgressAmount(2000, 5000, 'images')).toBe('2,000 of 5,000 images');
  });
});
