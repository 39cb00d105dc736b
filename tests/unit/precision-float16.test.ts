import { describe, expect, test } from 'vitest';
import {
  FLOAT16_MAX,
  FLOAT16_MIN_NORMAL,
  FLOAT16_MIN_SUBNORMAL,
  nativeFloat16Round,
  relativeError,
  roundToFloat16,
  fromFloat16Bits,
  simulateLossScaling,
  toFloat16,
  toFloat16Bits,
  truncateToBfloat16,
} from '../../labs/mixed-precision/precision.ts';

/** The hand-written float16 rounding that the mixed-precision lab falls back on, checked by hand. */
describe('roundToFloat16', () => {
  test('values float16 holds exactly stay as they are', () => {
    for (const value of [0, 1, -2, 0.5, 1024, 2048, FLOAT16_MAX, FLOAT16_MIN_NORMAL, FLOAT16_MIN_SUBNORMAL]) {
      expect(roundToFloat16(value)).toBe(value);
    }
    expect(Object.is(roundToFloat16(-0), -0)).toBe(true);
  });

  test('others round to the nearest of 11 significant bits', () => {
    expect(roundToFloat16(0.1)).toBe(0.0999755859375);
    expect(roundToFloat16(1 / 3)).toBe(0.333251953125);
    expect(roundToFloat16(-1 / 3)).toBe(-0.333251953125);
  });

  test('ties go to the even neighbour', () => {
    // Between 2048 and 4096 float16 steps by 2: 2049 and 2051 sit exactly halfway.
    expect(roundToFloat16(2049)).toBe(2048);
    expect(roundToFloat16(2051)).toBe(2052);
  });

  test('65504 is the ceiling: from 65520 up everything is Infinity', () => {
    expect(roundToFloat16(65519)).toBe(65504);
    expect(roundToFloat16(65520)).toBe(Infinity);
    expect(roundToFloat16(-70000)).toBe(-Infinity);
    expect(roundToFloat16(1e5)).toBe(Infinity);
  });

  test('tiny values become subnormals, then zero', () => {
    expect(roundToFloat16(3e-8)).toBe(FLOAT16_MIN_SUBNORMAL);
    expect(roundToFloat16(1e-8)).toBe(0);
    expect(roundToFloat16(2 ** -25)).toBe(0);
  });

  test('NaN and infinities pass through', () => {
    expect(roundToFloat16(Number.NaN)).toBeNaN();
    expect(roundToFloat16(-Infinity)).toBe(-Infinity);
  });

  test.runIf(nativeFloat16Round() !== null)('agrees with Math.f16round across twenty orders of magnitude', () => {
    const native = nativeFloat16Round();
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let index = 0; index < 20_000; index++) {
      const value = (random() - 0.5) * 10 ** (random() * 20 - 10);
      expect(Object.is(roundToFloat16(value), native?.(value))).toBe(true);
    }
  });

  test('toFloat16 uses whichever rounding is there and gets the same answer', () => {
    expect(toFloat16(0.1)).toBe(0.0999755859375);
    expect(toFloat16(65536)).toBe(Infinity);
  });
});

describe('truncateToBfloat16', () => {
  test('keeps float32 range but only 8 significant bits', () => {
    expect(truncateToBfloat16(65504)).toBe(65280);
    expect(truncateToBfloat16(1 / 3)).toBe(0.33203125);
    expect(truncateToBfloat16(0.1)).toBe(0.099609375);
    expect(truncateToBfloat16(1e38)).toBeCloseTo(9.969209968386869e37, -30);
    expect(truncateToBfloat16(1e-8)).toBeGreaterThan(0);
  });
});

describe('relativeError', () => {
  test('is 0 for exact, 1 when the value is lost', () => {
    expect(relativeError(2, 2)).toBe(0);
    expect(relativeError(1e-8, 0)).toBe(1);
    expect(relativeError(0.1, 0.0999755859375)).toBeCloseTo(2.44140625e-4, 10);
  });
});

describe('simulateLossScaling', () => {
  const options = { initialScale: 2 ** 16, growthFactor: 2, backoffFactor: 0.5, growthInterval: 2 };

  test('a scaled tiny gradient survives float16 and comes back after unscaling', () => {
    const [step] = simulateLossScaling([[1e-8, 0.25]], options);
    expect(step?.overflow).toBe(false);
    expect(relativeError(1e-8, step?.gradients?.[0] ?? 0)).toBeLessThan(1e-3);
    expect(step?.gradients?.[1]).toBe(0.25);
  });

  test('overflow skips the step and halves the scale; good steps grow it back', () => {
    // 0.5 × 2¹⁶ = 32768 fits; 0.5 × 2¹⁷ = 65536 does not.
    const steps = simulateLossScaling([[0.5], [0.5], [0.5], [0.5], [0.5]], options);
    expect(steps.map((step) => [step.scale, step.overflow])).toEqual([
      [2 ** 16, false],
      [2 ** 16, false],
      [2 ** 17, true],
      [2 ** 16, false],
      [2 ** 16, false],
    ]);
    expect(steps[2]?.gradients).toBeNull();
    expect(steps.at(-1)?.nextScale).toBe(2 ** 17);
  });
});

describe('float16 bits', () => {
  test('encode and decode by hand-worked examples', () => {
    expect(toFloat16Bits(1)).toBe(0x3c00);
    expect(toFloat16Bits(-2)).toBe(0xc000);
    expect(toFloat16Bits(65504)).toBe(0x7bff);
    expect(toFloat16Bits(1e6)).toBe(0x7c00);
    expect(toFloat16Bits(FLOAT16_MIN_SUBNORMAL)).toBe(0x0001);
    expect(toFloat16Bits(0.1)).toBe(0x2e66);
    expect(fromFloat16Bits(0x3555)).toBe(0.333251953125);
    expect(fromFloat16Bits(0x7c00)).toBe(Infinity);
  });

  test('round-trip every float16 value', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const value = fromFloat16Bits(bits);
      if (Number.isNaN(value)) continue;
      expect(toFloat16Bits(value)).toBe(bits);
    }
  });

  test.runIf(typeof (globalThis as Record<string, unknown>).Float16Array === 'function')('match Float16Array', () => {
    const Float16 = (
      globalThis as unknown as Record<string, new (values: number[]) => ArrayLike<number> & { buffer: ArrayBuffer }>
    ).Float16Array;
    const values = [0.1, -1 / 3, 1e-7, 65504, 7e4];
    const native = new Uint16Array(new Float16(values).buffer);
    expect(values.map(toFloat16Bits)).toEqual([...native]);
  });
});
