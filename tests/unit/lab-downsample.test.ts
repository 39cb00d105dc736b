/**
 * Line charts thin long lines to a few points per pixel (src/lab/outputs/downsample.ts): the result is
 * small, in order, and keeps the first and last points and every extreme.
 */
import { describe, expect, test } from 'vitest';
import { downsample, type ChartPoint } from '../../src/lab/outputs/downsample.ts';

const line = (count: number, y: (index: number) => number): ChartPoint[] =>
  Array.from({ length: count }, (_, index) => ({ x: index, y: y(index) }));

describe('downsample', () => {
  test('leaves a line that fits as it is', () => {
    const points = line(100, (index) => index);
    expect(downsample(points, 50)).toBe(points);
    expect(downsample([], 10)).toEqual([]);
  });

  test('keeps at most two points a bucket, plus the ends, in the order they came', () => {
    const points = line(100_000, (index) => Math.sin(index / 50));
    const kept = downsample(points, 600);
    expect(kept.length).toBeLessThanOrEqual(2 * 600 + 2);
    expect(kept.length).toBeGreaterThan(600);
    expect(kept[0]).toBe(points[0]);
    expect(kept.at(-1)).toBe(points.at(-1));
    const xs = kept.map((point) => point.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });

  test('a single spike or dip among 100,000 points survives', () => {
    const points = line(100_000, (index) => (index === 31_337 ? 50 : index === 77_777 ? -50 : 1));
    const kept = downsample(points, 300);
    expect(kept).toContainEqual({ x: 31_337, y: 50 });
    expect(kept).toContainEqual({ x: 77_777, y: -50 });
    expect(Math.max(...kept.map((point) => point.y))).toBe(50);
    expect(Math.min(...kept.map((point) => point.y))).toBe(-50);
  });

  test('keeps each bucket’s low and high in order, whichever comes first', () => {
    // Buckets of two: (1, 5) rising, then (9, 2) falling.
    const points = [0, 1, 5, 9, 2, 0].map((y, x) => ({ x, y }));
    expect(downsample(points, 1).map((point) => point.y)).toEqual([0, 1, 9, 0]);
    expect(downsample(points, 0.5).map((point) => point.y)).toEqual([0, 1, 9, 0]);
  });
});
