import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, test } from 'vitest';
import { registerWasmTrainingKernels } from '../../src/lab/worker/wasm-kernels/index.ts';
import { seededRandom } from '../api/seeded-random.ts';
import {
  causalMask,
  createTransformer,
  disposeTransformer,
  forward,
  gelu,
  layerNorm,
  parameterCount,
  variableNames,
  type TransformerShape,
} from './model.ts';
import { matMulIntensity, trainingFlops } from './flops.ts';
import { drawIndex, generate } from './generate.ts';
import { createOptimizer, trainStep } from './train.ts';

const tiny: TransformerShape = { vocabulary: 11, width: 16, context: 8, layers: 2, heads: 4 };

describe('transformer model', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    await tf.ready();
  });

  test('GELU and its written-out gradient match the tanh formula differentiated automatically', () => {
    const x = tf.linspace(-5, 5, 201).reshape<tf.Tensor2D>([3, 67]);
    const tanhForm = (v: tf.Tensor) => v.mul(0.5).mul(tf.tanh(v.add(v.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI))).add(1));
    const dy = tf.linspace(0.5, 1.5, 201).reshape([3, 67]);
    const [value, expectedValue] = [gelu(x), tanhForm(x)];
    const [gradient, expectedGradient] = [tf.grad((v: tf.Tensor) => gelu(v as tf.Tensor2D))(x, dy), tf.grad(tanhForm)(x, dy)];
    expect(tf.max(tf.abs(value.sub(expectedValue))).dataSync()[0]).toBeLessThan(1e-5);
    expect(tf.max(tf.abs(gradient.sub(expectedGradient))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([x, dy, value, expectedValue, gradient, expectedGradient]);
  });

  test('layer norm and its written-out gradients match the steps differentiated automatically', () => {
    const random = seededRandom(9);
    const values = (count: number) => Array.from({ length: count }, () => random() * 4 - 2);
    const [x, scale, shift, dy] = [
      tf.tensor2d(values(5 * 12), [5, 12]),
      tf.tensor1d(values(12)),
      tf.tensor1d(values(12)),
      tf.tensor2d(values(5 * 12), [5, 12]),
    ];
    const steps = (v: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const { mean, variance } = tf.moments(v, -1, true);
      return v
        .sub(mean)
        .mul(tf.rsqrt(variance.add(1e-5)))
        .mul(g)
        .add(b);
    };
    const written = tf.grads((v: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => layerNorm(v as tf.Tensor2D, g, b))(
      [x, scale, shift],
      dy,
    );
    const automatic = tf.grads(steps)([x, scale, shift], dy);
    const worst = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(a.sub(b))).dataSync()[0];
    expect(worst(layerNorm(x, scale, shift), steps(x, scale, shift))).toBeLessThan(1e-5);
    written.forEach((gradient, i) => expect(worst(gradient, automatic[i]), `gradient ${i}`).toBeLessThan(1e-4));
    tf.dispose([x, scale, shift, dy, ...written, ...automatic]);
  });

  test('has the shapes, the parameter count and the variable names it says', () => {
    const model = createTransformer(tiny, 1);
    expect(model.variables.map((variable) => variable.shape)).toEqual([
      [11, 16],
      [8, 16],
      ...Array.from({ length: 2 }, () => [[16], [16], [16, 48], [16, 16], [16], [16], [16, 64], [64], [64, 16], [16]]).flat(),
      [16],
      [16],
    ]);
    expect(model.variables.reduce((sum, variable) => sum + variable.size, 0)).toBe(parameterCount(tiny));
    expect(variableNames(tiny)).toHaveLength(model.variables.length);
    const mask = causalMask(8);
    const logits = tf.tidy(() => forward(model, tf.zeros([3, 8], 'int32'), mask));
    expect(logits.shape).toEqual([24, 11]);
    tf.dispose([logits, mask]);
    disposeTransformer(model);
  });

  test('counts FLOPs from the shapes: dense grows with width², attention with context²', () => {
    const base = trainingFlops({ ...tiny, vocabulary: 65, width: 64, context: 64 }, 16);
    // 3 × layers × 24·N·d² with N = 16·64 positions.
    expect(base.dense).toBe(3 * 2 * 24 * 1024 * 64 * 64);
    expect(base.attention).toBe(3 * 2 * 4 * 16 * 64 * 64 * 64);
    expect(base.embeddingAndOutput).toBe(4 * 1024 * 64 * 65 + 6 * 1024 * 64 * 65);
    expect(base.total).toBe(base.dense + base.attention + base.embeddingAndOutput);
    const wider = trainingFlops({ ...tiny, vocabulary: 65, width: 128, context: 64 }, 16);
    expect(wider.dense / base.dense).toBe(4);
    expect(wider.attention / base.attention).toBe(2);
    const longer = trainingFlops({ ...tiny, vocabulary: 65, width: 64, context: 128 }, 16);
    expect(longer.attention / base.attention).toBe(4);
    expect(longer.dense / base.dense).toBe(2);
    expect(matMulIntensity(1, 512, 512)).toBeLessThan(1); // a vector times a matrix waits on memory
    expect(matMulIntensity(1024, 512, 512)).toBeGreaterThan(100);
  });

  test('is causal: changing a character moves the logits at its place and after, never before', () => {
    const model = createTransformer(tiny, 2);
    const mask = causalMask(8);
    const original = [1, 2, 3, 4, 5, 6, 7, 8];
    const changed = [...original];
    changed[4] = 9;
    const [a, b] = [original, changed].map((tokens) =>
      tf.tidy(() => forward(model, tf.tensor2d(tokens, [1, 8], 'int32'), mask)).arraySync(),
    );
    for (let position = 0; position < 8; position++) {
      const largest = Math.max(...a[position].map((value, index) => Math.abs(value - b[position][index])));
      if (position < 4) expect(largest).toBe(0);
      else expect(largest).toBeGreaterThan(1e-6);
    }
    tf.dispose(mask);
    disposeTransformer(model);
  });

  test('learns: the loss on a repeated pattern falls', () => {
    const model = createTransformer(tiny, 3);
    const optimizer = createOptimizer(0.01);
    const mask = causalMask(8);
    const inputs = tf.tensor2d([0, 1, 2, 3, 4, 5, 6, 7, 3, 4, 5, 6, 7, 8, 9, 10], [2, 8], 'int32');
    const targets = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8, 4, 5, 6, 7, 8, 9, 10, 0], [2, 8], 'int32');
    const losses: number[] = [];
    for (let step = 0; step < 30; step++) {
      const loss = trainStep(model, optimizer, inputs, targets, mask);
      losses.push(loss.dataSync()[0]);
      loss.dispose();
    }
    expect(Math.abs(losses[0] - Math.log(11))).toBeLessThan(0.2); // a fresh model knows nothing: about ln(11)
    expect(losses.at(-1)).toBeLessThan(losses[0] / 2);
    tf.dispose([inputs, targets, mask]);
    optimizer.dispose();
    disposeTransformer(model);
  });

  test('generates the same text from the same seed, and leaves no tensor behind', async () => {
    const model = createTransformer(tiny, 4);
    const before = tf.memory().numTensors;
    const first = await generate(model, [1, 2], { length: 12, random: seededRandom(7) });
    const second = await generate(model, [1, 2], { length: 12, random: seededRandom(7) });
    const other = await generate(model, [1, 2], { length: 12, random: seededRandom(8) });
    expect(first).toHaveLength(14);
    expect(second).toEqual(first);
    expect(other).not.toEqual(first);
    expect(tf.memory().numTensors).toBe(before);
    expect(drawIndex([0.25, 0.5, 0.25], 0.1)).toBe(0);
    expect(drawIndex([0.25, 0.5, 0.25], 0.7)).toBe(1);
    expect(drawIndex([0.25, 0.5, 0.25], 0.99)).toBe(2);
    disposeTransformer(model);
  });
});
