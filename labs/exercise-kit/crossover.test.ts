import { describe, expect, test } from 'vitest';
import { sharedSizes, stableCrossover } from './crossover.ts';

/** A table from sizes 32, 64, 128… to the given medians. */
function table(...medians: number[]): Map<number, number> {
  return new Map(medians.map((value, index) => [32 * 2 ** index, value]));
}

describe('stableCrossover', () => {
  const cpu = table(0.1, 0.6, 3, 24, 190, 1500);

  test('a real GPU: faster from 128 on', () => {
    expect(stableCrossover(cpu, table(2, 2.1, 2.4, 4, 12, 80))).toBe(128);
  });

  test('a single noisy win at 64 does not count: the GPU stays faster only from 256', () => {
    expect(stableCrossover(cpu, table(2, 0.5, 3.5, 20, 60, 400))).toBe(256);
  });

  test('a win at the largest size alone is not a crossover', () => {
    expect(stableCrossover(cpu, table(5, 9, 30, 210, 400, 1400))).toBeNull();
  });

  test('a software GPU that never wins: null', () => {
    expect(stableCrossover(cpu, table(5, 9, 30, 210, 1700, 14000))).toBeNull();
  });

  test('a GPU that wins at small sizes and loses at the largest: null', () => {
    expect(stableCrossover(cpu, table(0.05, 0.3, 2, 30, 250, 2000))).toBeNull();
  });

  test('a tie is not a win', () => {
    expect(stableCrossover(table(1, 2, 3), table(1, 2, 3))).toBeNull();
  });

  test('only sizes both sides measured count, in size order whatever the insertion order', () => {
    const cpuStoppedEarly = table(0.1, 0.6, 3, 24);
    const gpuShuffled = new Map([
      [1024, 80],
      [128, 2.4],
      [32, 2],
      [512, 12],
      [256, 4],
      [64, 2.1],
    ]);
    expect(sharedSizes(cpuStoppedEarly, gpuShuffled)).toEqual([32, 64, 128, 256]);
    expect(stableCrossover(cpuStoppedEarly, gpuShuffled)).toBe(128);
  });

  test('nothing shared: null', () => {
    expect(stableCrossover(table(1, 2), new Map())).toBeNull();
  });
});
