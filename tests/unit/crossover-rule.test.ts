import { describe, expect, test } from 'vitest';
import { findCrossover, MIN_REPEATS, type RepeatedTimings } from '../../labs/api/crossover.ts';

/** Timings with three repeats per size, each given as [repeat 1, repeat 2, repeat 3] ms. */
function timings(entries: Record<number, readonly number[]>): RepeatedTimings {
  return new Map(Object.entries(entries).map(([size, times]) => [Number(size), times]));
}

/** The same time, three times, at every size. */
function steady(bySize: Record<number, number>): RepeatedTimings {
  return timings(Object.fromEntries(Object.entries(bySize).map(([size, ms]) => [size, [ms, ms, ms]])));
}

const wasm = steady({ 32: 1, 128: 4, 256: 20, 512: 150 });

describe('the "stays faster" crossover rule', () => {
  test('a GPU that wins from one size on and keeps winning crosses over there', () => {
    const verdict = findCrossover(wasm, steady({ 32: 5, 128: 6, 256: 8, 512: 12 }));
    expect(verdict.from).toBe(256);
    expect(verdict.compared.map((size) => size.candidateFaster)).toEqual([false, false, true, true]);
    expect(verdict.compared[3].speedup).toBeCloseTo(12.5);
    expect(verdict.leftOut).toEqual([]);
  });

  test('a single noisy win does not count: the GPU must stay faster at every larger size', () => {
    // Like the device check on SwiftShader: WASM had one slow median at 128, then won again.
    const noisyWasm = steady({ 32: 1, 128: 45, 256: 8, 512: 60 });
    expect(findCrossover(noisyWasm, steady({ 32: 5, 128: 20, 256: 30, 512: 200 })).from).toBeNull();
  });

  test('a win only at the largest size is not enough', () => {
    expect(findCrossover(wasm, steady({ 32: 5, 128: 6, 256: 25, 512: 140 })).from).toBeNull();
  });

  test('a tie is no win', () => {
    expect(findCrossover(wasm, steady({ 32: 5, 128: 4, 256: 20, 512: 100 })).from).toBeNull();
    expect(findCrossover(wasm, steady({ 32: 5, 128: 3, 256: 20, 512: 100 })).from).toBeNull();
  });

  test('it judges medians, so one slow repeat on either side changes nothing', () => {
    const gpu = timings({ 32: [5, 5, 5], 128: [6, 6, 6], 256: [8, 900, 8], 512: [12, 12, 12] });
    const spikyWasm = timings({ 32: [1, 1, 1], 128: [4, 4, 4], 256: [20, 20, 1], 512: [150, 1, 150] });
    expect(findCrossover(spikyWasm, gpu).from).toBe(256);
  });

  test('sizes only one side measured are left out, with why', () => {
    // The GPU stopped growing before 512, and skipped 128; the wins at 32 and 256 are consecutive among the rest.
    const verdict = findCrossover(wasm, steady({ 32: 0.5, 256: 8 }));
    expect(verdict.compared.map((size) => size.size)).toEqual([32, 256]);
    expect(verdict.leftOut).toEqual([
      { size: 128, reason: 'only the baseline measured it' },
      { size: 512, reason: 'only the baseline measured it' },
    ]);
    expect(verdict.from).toBe(32);
    // A size the baseline skipped cannot be judged either.
    expect(findCrossover(steady({ 32: 1 }), steady({ 32: 5, 64: 1 })).leftOut).toEqual([
      { size: 64, reason: 'only the candidate measured it' },
    ]);
  });

  test(`fewer than ${MIN_REPEATS} repeats leave a size out, so its median cannot make a crossover`, () => {
    const gpu = timings({ 32: [5, 5, 5], 128: [6, 6, 6], 256: [8, 8], 512: [12] });
    const verdict = findCrossover(wasm, gpu);
    expect(verdict.from).toBeNull();
    expect(verdict.leftOut).toEqual([
      { size: 256, reason: '2 timed repeats, fewer than 3' },
      { size: 512, reason: '1 timed repeat, fewer than 3' },
    ]);
  });

  test('unusable times are not repeats', () => {
    const gpu = timings({ 256: [8, Number.NaN, 8], 512: [12, 12, 12] });
    expect(findCrossover(wasm, gpu).leftOut).toContainEqual({ size: 256, reason: '2 timed repeats, fewer than 3' });
  });

  test('nothing measured on both sides: no crossover and nothing compared', () => {
    expect(findCrossover(wasm, new Map())).toMatchObject({ from: null, compared: [] });
    expect(findCrossover(new Map(), new Map())).toEqual({ from: null, compared: [], leftOut: [] });
  });

  test('an emulated GPU that stays faster is compared at every size, but gets no crossover', () => {
    const gpu = steady({ 32: 5, 128: 6, 256: 8, 512: 12 });
    expect(findCrossover(wasm, gpu).from).toBe(256);
    const emulated = findCrossover(wasm, gpu, { emulated: true });
    expect(emulated.from).toBeNull();
    expect(emulated.compared).toEqual(findCrossover(wasm, gpu).compared);
  });
});
