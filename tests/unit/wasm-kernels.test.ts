/**
 * Tests for src/lab/worker/wasm-kernels: the training kernels we add to (or speed up in)
 * tfjs-backend-wasm, and the course CNN in labs/cnn/model.ts that needs them.
 *
 * Everything runs on the real WASM backend in Node (no mocks) and is compared
 * numerically with the tfjs CPU backend, the reference implementation.
 */
import * as tf from '@tensorflow/tfjs';
import { util } from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { countParameters, createCnn, createOptimizer, loss, trainStep } from '../../labs/cnn/model.ts';
import { seededRandom } from '../../labs/api/seeded-random.ts';
import { setBatchMatMulRoute } from '../../src/lab/worker/wasm-kernels/batch-mat-mul.ts';
import {
  type BatchMatMulStrategy,
  planBatchMatMul,
  setBatchMatMulStrategy,
} from '../../src/lab/worker/wasm-kernels/batch-mat-mul-xnnpack.ts';
import { describeProduct } from '../../src/lab/worker/wasm-kernels/product-shape.ts';
import { addedKernels, registerWasmTrainingKernels, replacedKernels } from '../../src/lab/worker/wasm-kernels/index.ts';
import { leadingAxes } from '../../src/lab/worker/wasm-kernels/sum.ts';
import { swapLastAxes } from '../../src/lab/worker/wasm-kernels/swap-last-axes.ts';
import { type BackendWasm, release } from '../../src/lab/worker/wasm-kernels/wasm-backend-access.ts';

// ---------------------------------------------------------------- helpers --

/** A seeded generator (mulberry32, shared with the synthetic data set), so failures are reproducible. */
const rng = seededRandom;
const randInt = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: () => number, items: readonly T[]): T => items[Math.floor(r() * items.length)];
function randomValues(r: () => number, size: number): Float32Array {
  const v = new Float32Array(size);
  for (let i = 0; i < size; ++i) v[i] = r() * 2 - 1;
  return v;
}

/** Runs `f` on the named backend and returns the values of its outputs. */
function runOn(backend: 'wasm' | 'cpu', f: () => tf.Tensor | tf.Tensor[]): Float32Array[] {
  // Both backends are initialised before the tests run, so switching is synchronous; the promise only
  // matters for a first initialisation.
  void tf.setBackend(backend);
  try {
    return tf.tidy(() => {
      const out = f();
      return (Array.isArray(out) ? out : [out]).map((t) => t.dataSync<'float32'>());
    });
  } finally {
    void tf.setBackend('wasm');
  }
}

/** max |actual - expected| / max |expected|: scale-aware relative error. */
function relativeError(actual: Float32Array, expected: Float32Array): number {
  expect(actual.length).toBe(expected.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; ++i) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return diff / Math.max(scale, 1e-30);
}

function expectSameOnWasmAndCpu(f: () => tf.Tensor | tf.Tensor[], tolerance = 1e-4): void {
  const expected = runOn('cpu', f);
  const actual = runOn('wasm', f);
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    expect(a.every(Number.isFinite)).toBe(true);
    expect(relativeError(a, expected[i])).toBeLessThan(tolerance);
  });
}

type Pad = 'same' | 'valid' | number | [[0, 0], [number, number], [number, number], [0, 0]];

type Shape4 = [number, number, number, number];
interface ConvCase {
  x: Shape4; // [B, H, W, inC]
  filter: Shape4; // [fh, fw, inC, outC]
  strides: [number, number];
  pad: Pad;
}

/** A random but valid conv2d configuration. */
function randomConvCase(r: () => number): ConvCase {
  const inC = randInt(r, 1, 5);
  const outC = randInt(r, 1, 7);
  const padKind = pick(r, ['same', 'valid', 'number', 'explicit'] as const);
  // tfjs sizes numeric padding from the filter height and vertical stride
  // only (and the wasm forward Conv2D then writes out of bounds), so numeric
  // padding is only meaningful with square filters and equal strides.
  const square = padKind === 'number';
  const fh = randInt(r, 1, 4);
  const fw = square ? fh : randInt(r, 1, 4);
  const sh = randInt(r, 1, 3);
  const sw = square ? sh : randInt(r, 1, 3);
  const H = randInt(r, fh + 1, 11);
  const W = randInt(r, fw + 1, 11);
  const pad: Pad =
    padKind === 'number'
      ? randInt(r, 0, 2)
      : padKind === 'explicit'
        ? [
            [0, 0],
            [randInt(r, 0, 2), randInt(r, 0, 2)],
            [randInt(r, 0, 2), randInt(r, 0, 2)],
            [0, 0],
          ]
        : padKind;
  return {
    x: [randInt(r, 1, 4), H, W, inC],
    filter: [fh, fw, inC, outC],
    strides: [sh, sw],
    pad,
  };
}
const describeCase = (c: ConvCase) => JSON.stringify(c);

/** Input and filter gradients of sum(conv2d(x, w) * g) for a random g. */
function convGradients(c: ConvCase, seed: number) {
  const r = rng(seed);
  const xv = randomValues(
    r,
    c.x.reduce((a, b) => a * b),
  );
  const wv = randomValues(
    r,
    c.filter.reduce((a, b) => a * b),
  );
  const outShape = tf.tidy(() => tf.conv2d(tf.zeros<tf.Rank.R4>(c.x), tf.zeros<tf.Rank.R4>(c.filter), c.strides, c.pad).shape);
  const gv = randomValues(
    r,
    outShape.reduce((a, b) => a * b),
  );
  return () => {
    const x = tf.tensor4d(xv, c.x);
    const w = tf.tensor4d(wv, c.filter);
    const g = tf.tensor(gv, outShape);
    return tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad), g)),
    )([x, w]);
  };
}

/** Number of live buffers in the WASM heap (catches leaks inside kernels). */
function wasmBuffers(): number {
  return (tf.findBackend('wasm') as tf.KernelBackend & { numDataIds(): number }).numDataIds();
}

// ------------------------------------------------------------------ setup --

beforeAll(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('cpu');
  await tf.setBackend('wasm');
  await tf.ready();
  expect(tf.getBackend()).toBe('wasm');
});

// ------------------------------------------------------------------ tests --

describe('registration', () => {
  it('adds Conv2DBackpropFilter and replaces the slow kernels, idempotently', () => {
    registerWasmTrainingKernels(); // second call must be a no-op
    registerWasmTrainingKernels();
    for (const config of [...addedKernels, ...replacedKernels]) {
      expect(tf.getKernel(config.kernelName, 'wasm')?.kernelFunc).toBe(config.kernelFunc);
    }
    expect(addedKernels.map((k) => k.kernelName)).toContain('Conv2DBackpropFilter');
  });
});

describe('Conv2DBackpropFilter and Conv2DBackpropInput match the CPU backend', () => {
  it('on the course CNN layer shapes', () => {
    // Batch 8: the CPU reference is a slow scalar loop (batch 64 takes ~25 s).
    const cases: ConvCase[] = [
      { x: [8, 32, 32, 3], filter: [5, 5, 3, 6], strides: [1, 1], pad: 'valid' },
      { x: [8, 14, 14, 6], filter: [5, 5, 6, 16], strides: [1, 1], pad: 'valid' },
    ];
    cases.forEach((c, i) => expectSameOnWasmAndCpu(convGradients(c, 100 + i)));
  });

  it('at batch 64 (50 000-term sums), against a float64 reference', () => {
    // The filter gradient of the first layer sums over 64*28*28 = 50 176
    // products per weight: the case most exposed to float32 rounding.
    const cases: Array<{ x: Shape4; filter: Shape4 }> = [
      { x: [64, 32, 32, 3], filter: [5, 5, 3, 6] },
      { x: [64, 14, 14, 6], filter: [5, 5, 6, 16] },
    ];
    for (const c of cases) {
      const r = rng(c.x[3]);
      const [B, H, W, inC] = c.x;
      const [fh, fw, , outC] = c.filter;
      const [Ho, Wo] = [H - fh + 1, W - fw + 1];
      const xv = randomValues(r, B * H * W * inC);
      const dyv = randomValues(r, B * Ho * Wo * outC);
      const expected = new Float64Array(fh * fw * inC * outC);
      for (let b = 0; b < B; ++b) {
        for (let oh = 0; oh < Ho; ++oh) {
          for (let ow = 0; ow < Wo; ++ow) {
            const dyBase = ((b * Ho + oh) * Wo + ow) * outC;
            for (let kh = 0; kh < fh; ++kh) {
              for (let kw = 0; kw < fw; ++kw) {
                for (let ci = 0; ci < inC; ++ci) {
                  const xval = xv[((b * H + oh + kh) * W + ow + kw) * inC + ci];
                  const wBase = ((kh * fw + kw) * inC + ci) * outC;
                  for (let co = 0; co < outC; ++co) expected[wBase + co] += xval * dyv[dyBase + co];
                }
              }
            }
          }
        }
      }
      const [actual] = runOn('wasm', () =>
        tf.engine().runKernel<tf.Tensor>(
          'Conv2DBackpropFilter',
          { x: tf.tensor(xv, c.x), dy: tf.tensor(dyv, [B, Ho, Wo, outC]) },
          {
            strides: 1,
            pad: 'valid',
            dataFormat: 'NHWC',
            filterShape: c.filter,
          },
        ),
      );
      expect(relativeError(actual, Float32Array.from(expected))).toBeLessThan(1e-4);
    }
  });

  it('on 40 random shapes, strides and paddings (same, valid, number, explicit)', () => {
    const r = rng(2024);
    const buffersBefore = wasmBuffers();
    for (let i = 0; i < 40; ++i) {
      const c = randomConvCase(r);
      try {
        expectSameOnWasmAndCpu(convGradients(c, i));
      } catch (e) {
        throw new Error(`case ${describeCase(c)}: ${(e as Error).message}`, { cause: e });
      }
    }
    // The kernels free every intermediate WASM buffer they allocate.
    expect(wasmBuffers()).toBe(buffersBefore);
  });

  it('directly through the kernels, incl. dimRoundingMode and NCHW filter gradients', () => {
    const r = rng(7);
    const x = randomValues(r, 2 * 3 * 9 * 8);
    const run = (name: string, inputs: () => Record<string, tf.Tensor>, attrs: object) =>
      expectSameOnWasmAndCpu(() => tf.engine().runKernel<tf.Tensor>(name, inputs(), attrs as never));
    // 9x8 input, 3x3 filter, stride 2, pad 1, rounding 'ceil' -> 5x4 output (NHWC).
    const dyNhwc = randomValues(r, 2 * 5 * 4 * 4);
    for (const mode of ['floor', 'round', 'ceil'] as const) {
      const out = tf.tidy(
        () => tf.conv2d(tf.zeros<tf.Rank.R4>([2, 9, 8, 3]), tf.zeros<tf.Rank.R4>([3, 3, 3, 4]), 2, 1, 'NHWC', 1, mode).shape,
      );
      const dy = randomValues(
        r,
        out.reduce((a, b) => a * b),
      );
      run('Conv2DBackpropFilter', () => ({ x: tf.tensor(x, [2, 9, 8, 3]), dy: tf.tensor(dy, out) }), {
        strides: 2,
        pad: 1,
        dataFormat: 'NHWC',
        dimRoundingMode: mode,
        filterShape: [3, 3, 3, 4],
      });
    }
    // Channels-first (NCHW) filter gradient: x [2, 3, 9, 8], dy [2, 4, 5, 4].
    const dyNchw = randomValues(r, dyNhwc.length);
    run('Conv2DBackpropFilter', () => ({ x: tf.tensor(x, [2, 3, 9, 8]), dy: tf.tensor(dyNchw, [2, 4, 5, 4]) }), {
      strides: 2,
      pad: 'same',
      dataFormat: 'NCHW',
      filterShape: [3, 3, 3, 4],
    });
    // Input gradient through the public conv2dTranspose op, strided and padded.
    const w = randomValues(r, 3 * 3 * 3 * 4);
    expectSameOnWasmAndCpu(() =>
      tf.conv2dTranspose(tf.tensor4d(dyNhwc, [2, 5, 4, 4]), tf.tensor4d(w, [3, 3, 3, 4]), [2, 9, 8, 3], 2, 'same'),
    );
  });
});

describe('MaxPoolGrad matches the CPU backend', () => {
  const poolGrad = (
    shape: number[],
    size: number,
    stride: number,
    pad: 'same' | 'valid' | number,
    seed: number,
    relu: boolean,
  ) => {
    const r = rng(seed);
    const xv = randomValues(
      r,
      shape.reduce((a, b) => a * b),
    );
    return () =>
      tf.grad((x: tf.Tensor) => {
        const y = tf.maxPool((relu ? tf.relu(x) : x) as tf.Tensor4D, size, stride, pad);
        return tf.sum(tf.mul(y, tf.range(1, y.size + 1).reshape(y.shape)));
      })(tf.tensor(xv, shape));
  };

  it('on the CNN shapes (after ReLU, batch 16)', () => {
    expectSameOnWasmAndCpu(poolGrad([16, 28, 28, 6], 2, 2, 'valid', 1, true));
    expectSameOnWasmAndCpu(poolGrad([16, 10, 10, 16], 2, 2, 'valid', 2, true));
  });

  it('routes ties to the first maximum, like the CPU backend (direct kernel call)', () => {
    const r = rng(31);
    const shape = [4, 12, 12, 5];
    // Only three distinct values, so most windows contain ties.
    const xv = Float32Array.from({ length: 4 * 12 * 12 * 5 }, () => Math.floor(r() * 3));
    for (const [size, stride, pad] of [
      [2, 2, 'valid'],
      [3, 1, 'same'],
      [3, 2, 1],
    ] as const) {
      expectSameOnWasmAndCpu(() => {
        const x = tf.tensor4d(xv, shape as [number, number, number, number]);
        const y = tf.maxPool(x, size, stride, pad);
        const dy = tf.range(1, y.size + 1).reshape(y.shape);
        return tf.engine().runKernel<tf.Tensor>(
          'MaxPoolGrad',
          { dy, input: x, output: y },
          {
            filterSize: size,
            strides: stride,
            pad,
          },
        );
      });
    }
  });

  it('on random window sizes, strides (overlapping too) and paddings', () => {
    const r = rng(99);
    for (let i = 0; i < 25; ++i) {
      const size = randInt(r, 1, 4);
      const shape = [randInt(r, 1, 3), randInt(r, size, 12), randInt(r, size, 12), randInt(r, 1, 5)];
      const pad = pick(r, ['same', 'valid', 0, 1] as const);
      const stride = randInt(r, 1, 3);
      if (typeof pad === 'number' && pad * 2 >= size) continue; // tfjs rejects
      expectSameOnWasmAndCpu(poolGrad(shape, size, stride, pad, i, r() < 0.3));
    }
  });
});

describe('BatchMatMul with transposed operands matches the CPU backend', () => {
  it('for every transpose combination, rank 2 and batched (fallback) inputs', () => {
    const r = rng(5);
    for (const [ta, tb] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ]) {
      for (const batch of [[], [1], [3]]) {
        const [m, k, n] = [randInt(r, 1, 70), randInt(r, 1, 70), randInt(r, 1, 70)];
        const av = randomValues(r, batch.reduce((a, b) => a * b, 1) * m * k);
        const bv = randomValues(r, batch.reduce((a, b) => a * b, 1) * k * n);
        expectSameOnWasmAndCpu(() =>
          tf.matMul(
            tf.tensor(av, [...batch, ...(ta ? [k, m] : [m, k])]),
            tf.tensor(bv, [...batch, ...(tb ? [n, k] : [k, n])]),
            ta,
            tb,
          ),
        );
      }
    }
  });
});

// The products both BatchMatMul routes are tested on.
const flags = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;
/** [outer dims of a, outer dims of b]: same batch, batch 1, rank 4, and a batch of 1 broadcast on either side. */
const batches: ReadonlyArray<[number[], number[]]> = [
  [[], []],
  [[1], [1]],
  [[4], [4]],
  [
    [2, 3],
    [2, 3],
  ],
  [[5], []],
  [[5], [1]],
  [[], [5]],
  [[1], [5]],
];

function product(r: () => number, outerA: number[], outerB: number[], [m, k, n]: number[], ta: boolean, tb: boolean) {
  const aShape = [...outerA, ...(ta ? [k, m] : [m, k])];
  const bShape = [...outerB, ...(tb ? [n, k] : [k, n])];
  const av = randomValues(
    r,
    aShape.reduce((x, y) => x * y, 1),
  );
  const bv = randomValues(
    r,
    bShape.reduce((x, y) => x * y, 1),
  );
  return { aShape, bShape, f: () => tf.matMul(tf.tensor(av, aShape), tf.tensor(bv, bShape), ta, tb) };
}

describe("batched BatchMatMul on the course's GEMM (the route with one thread) matches the CPU backend", () => {
  beforeAll(() => setBatchMatMulRoute('course-gemm'));
  afterAll(() => setBatchMatMulRoute('auto'));

  it('for every flag combination and batch shape, at sizes that leave partial tiles and steps', () => {
    const r = rng(21);
    for (const [ta, tb] of flags) {
      for (const [outerA, outerB] of batches) {
        // Rows, shared dimension, columns: a tile is 4 × 8 and the loops take 4 or 2 steps at a time.
        for (const sizes of [
          [3, 5, 7],
          [1, 9, 2],
          [8, 1, 16],
          [37, 29, 45],
        ]) {
          const { aShape, bShape, f } = product(r, outerA, outerB, sizes, ta, tb);
          expect(
            describeProduct({ shape: aShape, dtype: 'float32' }, { shape: bShape, dtype: 'float32' }, ta, tb),
          ).not.toBeNull();
          try {
            expectSameOnWasmAndCpu(f, 1e-5);
          } catch (e) {
            throw new Error(`${JSON.stringify({ aShape, bShape, ta, tb })}: ${(e as Error).message}`, { cause: e });
          }
        }
      }
    }
  });

  it("on the transformer lab's products, forward and backward", () => {
    const r = rng(26);
    const shapes: ReadonlyArray<[number[], number[], boolean, boolean]> = [
      [[1024, 64], [64, 192], false, false],
      [[1024, 64], [1024, 256], true, false],
      [[1024, 256], [64, 256], false, true],
      [[1024, 64], [65, 64], false, true],
      [[64, 64, 16], [64, 64, 16], false, true],
      [[64, 64, 64], [64, 64, 16], true, false],
    ];
    for (const [aShape, bShape, ta, tb] of shapes) {
      const av = randomValues(r, util.sizeFromShape(aShape));
      const bv = randomValues(r, util.sizeFromShape(bShape));
      expectSameOnWasmAndCpu(() => tf.matMul(tf.tensor(av, aShape), tf.tensor(bv, bShape), ta, tb), 1e-5);
    }
  });

  it('leaves other types and broadcasts to the backend: int32, and batches that broadcast partly', () => {
    const f32 = (...shape: number[]) => ({ shape, dtype: 'float32' as const });
    expect(describeProduct(f32(64, 64, 16), { shape: [64, 16, 64], dtype: 'int32' }, false, false)).toBeNull();
    expect(describeProduct(f32(2, 3, 4, 5), f32(3, 5, 4), false, false)).toBeNull();
    expect(describeProduct(f32(2, 3, 4, 5), f32(1, 5, 4), false, false)).toMatchObject({ batch: 6, batchB: 1 });
    const r = rng(27);
    const [av, bv] = [randomValues(r, 2 * 3 * 4 * 5), randomValues(r, 3 * 5 * 4)];
    expectSameOnWasmAndCpu(() => tf.matMul(tf.tensor(av, [2, 3, 4, 5]), tf.tensor(bv, [3, 5, 4])), 1e-5);
  });

  it('gives the same gradients through batched tf.matMul as the CPU backend', () => {
    const r = rng(22);
    for (const [ta, tb] of flags) {
      const { aShape, bShape } = product(r, [6], [6], [19, 11, 23], ta, tb);
      const av = randomValues(r, util.sizeFromShape(aShape));
      const bv = randomValues(r, util.sizeFromShape(bShape));
      const gv = randomValues(r, 6 * 19 * 23);
      expectSameOnWasmAndCpu(
        () =>
          tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.matMul(a, b, ta, tb), tf.tensor(gv, [6, 19, 23]))))([
            tf.tensor(av, aShape),
            tf.tensor(bv, bShape),
          ]),
        1e-5,
      );
    }
  });

  it('leaks no tensors and no WASM heap buffers', () => {
    const r = rng(24);
    const cases = [product(r, [8], [8], [33, 17, 40], true, false), product(r, [8], [], [33, 17, 40], false, true)];
    for (const { f } of cases) tf.tidy(f).dispose(); // warm-up
    const tensorsBefore = tf.memory().numTensors;
    const buffersBefore = wasmBuffers();
    for (const { f } of cases) tf.tidy(f).dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(wasmBuffers()).toBe(buffersBefore);
  });
});

describe('batched BatchMatMul on XNNPACK (the route with several threads) matches the CPU backend', () => {
  beforeAll(() => setBatchMatMulRoute('xnnpack'));
  afterAll(() => setBatchMatMulRoute('auto'));

  /** `f` run with the kernel held to `strategy`. */
  function withStrategy<T>(strategy: BatchMatMulStrategy, f: () => T): T {
    setBatchMatMulStrategy(strategy);
    try {
      return f();
    } finally {
      setBatchMatMulStrategy('cost');
    }
  }

  it.each(['direct', 'swapped'] as const)('arranged %s: every flag combination and batch shape, odd sizes', (strategy) => {
    const r = rng(21);
    for (const [ta, tb] of flags) {
      for (const [outerA, outerB] of batches) {
        for (const sizes of [
          [3, 5, 7],
          [1, 9, 2],
          [37, 29, 45],
        ]) {
          const { aShape, bShape, f } = product(r, outerA, outerB, sizes, ta, tb);
          const plan = withStrategy(strategy, () =>
            planBatchMatMul({ shape: aShape, dtype: 'float32' }, { shape: bShape, dtype: 'float32' }, ta, tb),
          );
          const plainSingle = !ta && !tb && outerA.concat(outerB).every((d) => d === 1);
          expect(plan.kind).toBe(plainSingle && strategy === 'direct' ? 'original' : 'rearranged');
          try {
            withStrategy(strategy, () => expectSameOnWasmAndCpu(f, 1e-5));
          } catch (e) {
            throw new Error(`${JSON.stringify({ aShape, bShape, ta, tb, strategy })}: ${(e as Error).message}`, { cause: e });
          }
        }
      }
    }
  });

  it("picks XNNPACK for the transformer lab's products, and leaves tiny ones to the scalar loop", () => {
    const f32 = (...shape: number[]) => ({ shape, dtype: 'float32' as const });
    const describe = (plan: ReturnType<typeof planBatchMatMul>) =>
      plan.kind === 'original' ? 'original' : `${plan.swapped ? 'swapped' : 'direct'}${plan.calls > 1 ? ', sliced' : ''}`;
    // Attention, [batch·heads, T, d] with T = 64, d = 16: the forward products and their gradients.
    expect(describe(planBatchMatMul(f32(64, 64, 16), f32(64, 64, 16), false, true))).toBe('direct, sliced');
    expect(describe(planBatchMatMul(f32(64, 64, 64), f32(64, 64, 16), false, false))).toBe('direct, sliced');
    expect(describe(planBatchMatMul(f32(64, 64, 64), f32(64, 64, 16), true, false))).toBe('direct, sliced');
    // A dense layer's weight gradient x^T dy packs the smaller of x and dy.
    expect(describe(planBatchMatMul(f32(1024, 64), f32(1024, 256), true, false))).toBe('swapped');
    expect(describe(planBatchMatMul(f32(1024, 256), f32(1024, 64), true, false))).toBe('direct');
    expect(describe(planBatchMatMul(f32(1024, 256), f32(64, 256), false, true))).toBe('direct');
    // The plain single product is the original kernel's XNNPACK case; tiny or one-row slices stay scalar.
    expect(describe(planBatchMatMul(f32(1024, 64), f32(64, 256), false, false))).toBe('original');
    expect(describe(planBatchMatMul(f32(64, 4, 4), f32(64, 4, 4), false, false))).toBe('original');
    expect(describe(planBatchMatMul(f32(64, 1, 64), f32(64, 64, 64), false, false))).toBe('original');
    expect(describe(planBatchMatMul(f32(64, 64, 16), { shape: [64, 16, 64], dtype: 'int32' }, false, false))).toBe('original');
  });

  it('multiplies by a tensor reshaped to other shapes (the packed copy is never cached under its id)', () => {
    const r = rng(25);
    const wv = randomValues(r, 64 * 64);
    const x1 = randomValues(r, 8 * 16 * 64);
    const x2 = randomValues(r, 8 * 16 * 32);
    expectSameOnWasmAndCpu(() => {
      const w = tf.tensor1d(wv);
      return [
        tf.matMul(tf.tensor3d(x1, [8, 16, 64]), w.reshape([64, 64])),
        tf.matMul(tf.tensor3d(x2, [8, 16, 32]), w.reshape([32, 128])),
      ];
    }, 1e-5);
  });

  it('gives the same gradients through batched tf.matMul as the CPU backend', () => {
    const r = rng(22);
    for (const [ta, tb] of flags) {
      for (const strategy of ['cost', 'direct', 'swapped'] as const) {
        const { aShape, bShape } = product(r, [6], [6], [19, 11, 23], ta, tb);
        const av = randomValues(
          r,
          aShape.reduce((x, y) => x * y, 1),
        );
        const bv = randomValues(
          r,
          bShape.reduce((x, y) => x * y, 1),
        );
        const gv = randomValues(r, 6 * 19 * 23);
        withStrategy(strategy, () =>
          expectSameOnWasmAndCpu(
            () =>
              tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.matMul(a, b, ta, tb), tf.tensor(gv, [6, 19, 23]))))([
                tf.tensor(av, aShape),
                tf.tensor(bv, bShape),
              ]),
            1e-5,
          ),
        );
      }
    }
  });

  it('swaps the last two axes like tf.transpose, for small slices and large ones (tiled in JavaScript)', () => {
    const backend = tf.backend() as unknown as BackendWasm;
    for (const shape of [
      [7, 5],
      [3, 33, 65],
      [1000, 37],
      [2, 129, 131],
    ]) {
      const x = tf.tensor(
        randomValues(
          rng(23),
          shape.reduce((a, b) => a * b),
        ),
        shape,
      );
      const perm = shape.map((_, i) => i);
      perm.push(...perm.splice(-2).reverse());
      const expected = tf.transpose(x, perm);
      const swapped = swapLastAxes(backend, x);
      expect(swapped.shape).toEqual(expected.shape);
      expect(backend.readSync(swapped.dataId)).toEqual(expected.dataSync());
      release(backend, swapped);
      tf.dispose([x, expected]);
    }
  });

  it('leaks no tensors and no WASM heap buffers, whichever way it runs', () => {
    const r = rng(24);
    const cases = [product(r, [8], [8], [33, 17, 40], true, false), product(r, [8], [], [33, 17, 40], false, true)];
    for (const strategy of ['cost', 'xnnpack', 'direct', 'swapped'] as const) {
      for (const { f } of cases) withStrategy(strategy, () => tf.tidy(f)).dispose(); // warm-up
      const tensorsBefore = tf.memory().numTensors;
      const buffersBefore = wasmBuffers();
      for (const { f } of cases) withStrategy(strategy, () => tf.tidy(f)).dispose();
      expect(tf.memory().numTensors).toBe(tensorsBefore);
      expect(wasmBuffers()).toBe(buffersBefore);
    }
  });
});

describe('Sum over leading axes, SplitV, Concat and same-type Cast match the CPU backend', () => {
  const values = (shape: number[], seed: number) => randomValues(rng(seed), util.sizeFromShape(shape));

  it('sums over leading axes in one pass, and leaves other axes and types to the backend', () => {
    expect(leadingAxes(0, [4, 5])).toBe(1);
    expect(leadingAxes([1, 0], [2, 3, 4])).toBe(2);
    expect(leadingAxes(-3, [2, 3, 4])).toBe(1);
    expect(leadingAxes([0, 2], [2, 3, 4])).toBe(0);
    expect(leadingAxes(1, [4, 5])).toBe(0);
    const cases: ReadonlyArray<[number[], number | number[], boolean]> = [
      [[1024, 64], 0, false],
      [[1024, 65], 0, true],
      [[7, 3], [0], false],
      [[16, 64, 64], [0, 1], false],
      [[16, 64, 64], [1, 0], true],
      [[5, 1, 3], 0, false],
      [[6, 9], 1, false], // last axis: the backend's kernel
      [[2, 3, 4], [0, 2], true], // not leading: the backend's kernel
      [[3, 5], [0, 1], false], // every axis: the backend's kernel
    ];
    cases.forEach(([shape, axis, keepDims], i) => {
      const v = values(shape, 40 + i);
      expectSameOnWasmAndCpu(() => tf.sum(tf.tensor(v, shape), axis, keepDims), 1e-5);
    });
    expectSameOnWasmAndCpu(() => tf.sum(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), 0));
  });

  it('gives the gradients of a broadcast bias and norm scale (sums over the batch) as the CPU backend does', () => {
    const [x, bias, scale] = [values([32, 48], 50), values([48], 51), values([48], 52)];
    expectSameOnWasmAndCpu(
      () =>
        tf.grads((b: tf.Tensor, g: tf.Tensor) => tf.sum(tf.square(tf.tensor2d(x, [32, 48]).mul(g).add(b))))([
          tf.tensor1d(bias),
          tf.tensor1d(scale),
        ]),
      1e-5,
    );
  });

  it('splits and joins along any axis, in equal and given sizes, float32 and int32', () => {
    const x = values([1024, 192], 60);
    expectSameOnWasmAndCpu(() => tf.split(tf.tensor2d(x, [1024, 192]), 3, 1));
    expectSameOnWasmAndCpu(() => tf.split(tf.tensor2d(x, [1024, 192]), [100, -1, 0, 24], 0));
    const y = values([4, 6, 5], 61);
    expectSameOnWasmAndCpu(() => tf.split(tf.tensor3d(y, [4, 6, 5]), [1, 2, 3], 1));
    expectSameOnWasmAndCpu(() => tf.split(tf.tensor3d(y, [4, 6, 5]), [3, 2], -1));
    expectSameOnWasmAndCpu(() => tf.split(tf.range(0, 24, 1, 'int32').reshape([4, 6]), 2, 1));
    const parts = [values([4, 2, 5], 62), values([4, 3, 5], 63), values([4, 1, 5], 64)];
    expectSameOnWasmAndCpu(() =>
      tf.concat(
        parts.map((p, i) => tf.tensor3d(p, [4, [2, 3, 1][i], 5])),
        1,
      ),
    );
    expectSameOnWasmAndCpu(() => tf.concat([tf.tensor2d(x, [1024, 192]), tf.zeros([1024, 0])], 1));
    expectSameOnWasmAndCpu(() => tf.concat([tf.tensor2d(x.slice(0, 12), [3, 4]), tf.tensor2d(x.slice(12, 20), [2, 4])], 0));
    expectSameOnWasmAndCpu(() =>
      tf.concat([tf.range(0, 6, 1, 'int32').reshape([2, 3]), tf.range(6, 10, 1, 'int32').reshape([2, 2])], -1),
    );
  });

  it("gives split's gradient (a concat) as the CPU backend does", () => {
    const x = values([64, 48], 65);
    const weights = [values([64, 16], 66), values([64, 16], 67), values([64, 16], 68)];
    expectSameOnWasmAndCpu(() =>
      tf.grad((t: tf.Tensor) => tf.addN(tf.split(t, 3, 1).map((part, i) => tf.sum(part.mul(tf.tensor2d(weights[i], [64, 16]))))))(
        tf.tensor2d(x, [64, 48]),
      ),
    );
  });

  it('casts to the same type without a copy, and to another type as before', () => {
    const x = tf.tensor1d([1.5, -2.25, 3]);
    const same = tf.cast(x, 'float32');
    expect(same.dataId).toBe(x.dataId);
    x.dispose();
    expect(same.dataSync()).toEqual(new Float32Array([1.5, -2.25, 3])); // still alive: the data was shared
    const int = tf.cast(same, 'int32');
    expect(int.dtype).toBe('int32');
    expect([...int.dataSync()]).toEqual([1, -2, 3]);
    tf.dispose([same, int]);
  });

  it('leaks no tensors and no WASM heap buffers', () => {
    const x = tf.tensor2d(values([64, 48], 69), [64, 48]);
    const run = () => {
      tf.tidy(() => [tf.sum(x, 0), tf.concat(tf.split(x, 3, 1), 1), tf.cast(x, 'float32').add(1)]).forEach((t) => t.dispose());
    };
    run();
    const tensorsBefore = tf.memory().numTensors;
    const buffersBefore = wasmBuffers();
    run();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(wasmBuffers()).toBe(buffersBefore);
    x.dispose();
  });
});

describe('the course CNN (labs/cnn/model.ts) on WASM', () => {
  /** A tiny learnable data set: each class is a distinct colour/brightness pattern plus noise. */
  function syntheticBatch(size: number, seed: number) {
    const r = rng(seed);
    const labels = new Int32Array(size);
    const pixels = new Float32Array(size * 32 * 32 * 3);
    for (let i = 0; i < size; ++i) {
      const label = i % 10;
      labels[i] = label;
      for (let p = 0; p < 32 * 32; ++p) {
        const row = Math.floor(p / 32);
        for (let ch = 0; ch < 3; ++ch) {
          const signal = ((label + ch) % 3 === 0 ? 0.6 : -0.4) * (row < 16 === label < 5 ? 1 : -1);
          pixels[(i * 1024 + p) * 3 + ch] = Math.max(-1, Math.min(1, signal + (r() - 0.5) * 0.4));
        }
      }
    }
    return { images: tf.tensor4d(pixels, [size, 32, 32, 3]), labels: tf.tensor1d(labels, 'int32') };
  }

  it('has the expected number of parameters', () => {
    const model = createCnn(1);
    expect(countParameters(model)).toBe(5 * 5 * 3 * 6 + 6 + 5 * 5 * 6 * 16 + 16 + 400 * 120 + 120 + 120 * 84 + 84 + 84 * 10 + 10);
    model.dispose();
  });

  it('computes the same gradients as the CPU backend (whole network, batch 8)', () => {
    const { images, labels } = syntheticBatch(8, 3);
    const imageValues = images.dataSync().slice();
    const labelValues = labels.dataSync().slice();
    tf.dispose([images, labels]);
    expectSameOnWasmAndCpu(() => {
      const model = createCnn(11); // same seed -> same weights on both backends
      const { value, grads } = tf.variableGrads(
        () => loss(model, tf.tensor4d(imageValues, [8, 32, 32, 3]), tf.tensor1d(labelValues, 'int32')),
        model.variables,
      );
      const out = [value, ...model.variables.map((v) => grads[v.name])];
      model.dispose();
      return out;
    });
  });

  it('trains: the loss falls over 20 steps of Adam on a learnable synthetic set', () => {
    const { images, labels } = syntheticBatch(64, 4);
    const model = createCnn(5);
    const optimizer = createOptimizer();
    const losses: number[] = [];
    for (let step = 0; step < 20; ++step) {
      const l = trainStep(model, optimizer, images, labels);
      losses.push(l.dataSync()[0]);
      l.dispose();
    }
    expect(tf.getBackend()).toBe('wasm');
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[0]).toBeGreaterThan(2.0); // ~ln(10) for an untrained 10-way classifier
    const lastFive = losses.slice(-5).reduce((a, b) => a + b) / 5;
    expect(lastFive).toBeLessThan(0.75 * losses[0]);
    expect(losses[19]).toBeLessThan(losses[0]);
    tf.dispose([images, labels]);
    model.dispose();
    optimizer.dispose();
  });

  it('leaks no tensors and no WASM heap buffers across training steps', () => {
    const { images, labels } = syntheticBatch(16, 6);
    const model = createCnn(7);
    const optimizer = createOptimizer();
    trainStep(model, optimizer, images, labels).dispose(); // Adam creates its moment slots here
    const tensorsBefore = tf.memory().numTensors;
    const buffersBefore = wasmBuffers();
    for (let step = 0; step < 5; ++step) trainStep(model, optimizer, images, labels).dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(wasmBuffers()).toBe(buffersBefore);
    tf.dispose([images, labels]);
    model.dispose();
    optimizer.dispose();
  });
});
