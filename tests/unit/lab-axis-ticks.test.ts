import { describe, expect, test } from 'vitest';
import { allWhole, dataTicks, labelsLogTick, maxDataTicks, tickText } from '../../src/lab/outputs/axis-ticks.ts';

describe('chart axis ticks', () => {
  test('large numbers are short: 1M, 10M, 1G, never 10 digits', () => {
    expect(tickText(1_000_000)).toBe('1M');
    expect(tickText(10_000_000)).toBe('10M');
    expect(tickText(1e9)).toBe('1G');
    expect(tickText(205_102_080)).toBe('205M');
    expect(tickText(12_500)).toBe('12.5k');
    expect(tickText(3_204_720_000_000)).toBe('3.2T');
  });

  test('small numbers stay whole or short', () => {
    expect(tickText(1024)).toBe('1,024');
    expect(tickText(250)).toBe('250');
    expect(tickText(3.8)).toBe('3.8');
    expect(tickText(0.05)).toBe('0.05');
    expect(tickText(0)).toBe('0');
    expect(tickText(-20_000)).toBe('-20k');
  });

  test('a log axis labels 1, 2 and 5 of each power of ten only', () => {
    expect([1, 2, 3, 5, 7, 10, 20, 30, 50, 100, 1e6, 2e9, 0.5].filter((value) => labelsLogTick(value))).toEqual([
      1, 2, 5, 10, 20, 50, 100, 1e6, 2e9, 0.5,
    ]);
    expect(labelsLogTick(0)).toBe(false);
    // Over more than three powers of ten, only the powers themselves.
    expect([1, 2, 5, 10, 1e4].filter((value) => labelsLogTick(value, 1, 1e4))).toEqual([1, 10, 1e4]);
    expect([1, 2, 5, 10, 1000].filter((value) => labelsLogTick(value, 1, 1000))).toEqual([1, 2, 5, 10, 1000]);
  });

  test('a few measured positions become the ticks; many do not', () => {
    expect(dataTicks([8, 1, 2, 4, 2, 1])).toEqual([1, 2, 4, 8]);
    expect(dataTicks(Array.from({ length: maxDataTicks + 1 }, (_, index) => index + 1))).toBeNull();
    expect(dataTicks([])).toBeNull();
  });

  test('whole-number x values (epochs) ask for whole-number ticks', () => {
    expect(allWhole([1, 2, 3])).toBe(true);
    expect(allWhole([0.25, 0.5, 1])).toBe(false);
    expect(allWhole([])).toBe(false);
  });
});
