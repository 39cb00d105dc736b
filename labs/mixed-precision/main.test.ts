import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { createRecordingLab } from '../../src/lab/worker/create-lab.ts';
import main from './main.ts';
import { maxRelativeError, referenceMatMul } from './wgsl-matmul.ts';
import { createLeNet, stripedImages } from './lenet-layers.ts';
import { parameterCount } from './memory-model.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('mixed-precision lab in Node', () => {
  test('shows the float16 ceiling, the overflow, loss scaling and the memory table, and skips the GPU parts', async () => {
    const { lab, outputs } = createRecordingLab();
    const before = tf.memory().numTensors;
    await main(lab);
    expect(tf.memory().numTensors).toBe(before);

    const text = outputs.flatMap((output) => (output.kind === 'log' ? [output.text] : [])).join('\n');
    expect(text).toContain('Largest float16: 65504');
    expect(text).toContain('= Infinity');
    expect(text).toContain('WebGL texture precision: not available here');
    expect(text).toContain('WGSL f16 vs f32: not available here');

    const tables = outputs.flatMap((output) => (output.kind === 'table' ? [output] : []));
    const formats = tables.find((table) => table.title?.startsWith('One value'));
    expect(formats?.rows.find((row) => row[0] === '70000')?.[2]).toBe('Infinity');
    expect(formats?.rows.find((row) => row[0] === '1.000000e-8')?.[2]).toBe('0');

    const scaling = tables.find((table) => table.title?.startsWith('Dynamic loss scaling'));
    expect(scaling?.rows.some((row) => row[2] === true)).toBe(true);

    const memory = tables.find((table) => table.title?.startsWith('Memory for one training step'));
    expect(memory?.rows.map((row) => [row[0], row[1], row.at(-1)])).toEqual([
      [16, 'float32', 'yes'],
      [16, 'autocast float16', 'yes'],
      [64, 'float32', 'no: out of memory'],
      [64, 'autocast float16', 'yes'],
    ]);
    // Parameters, gradients and Adam moments in float32 under both precisions; totals as counted by hand in
    // tests/unit/memory-model.test.ts (1,706,720, 1,546,016, 3,850,592 and 3,207,776 bytes).
    expect(memory?.rows.map((row) => [row[2], row[3], row[4], row[7]])).toEqual([
      [0.248, 0.248, 0.496, 1.707],
      [0.248, 0.248, 0.496, 1.546],
      [0.248, 0.248, 0.496, 3.851],
      [0.248, 0.248, 0.496, 3.208],
    ]);
    expect(text).toContain('Largest batch in 3.5 MB: 56 in float32, 72 with autocast.');
    expect(text).toContain('Computed from the shapes, not measured.');

    // The figures the lesson's predictions are set beside.
    expect(outputs.filter((output) => output.kind === 'measured')).toEqual([
      { kind: 'measured', id: 'float16-smallest', value: 2 ** -24, unit: '' },
      { kind: 'measured', id: 'autocast-memory', value: 3.208, unit: 'MB' },
    ]);
  });

  test('the float64 reference product and the error measure', () => {
    const identity = Float64Array.from([1, 0, 0, 1]);
    const m = Float64Array.from([1, 2, 3, 4]);
    expect([...referenceMatMul(m, identity, 2)]).toEqual([1, 2, 3, 4]);
    expect([...referenceMatMul(m, m, 2)]).toEqual([7, 10, 15, 22]);
    expect(maxRelativeError(Float64Array.from([7, 10, 15, 22.22]), Float64Array.from([7, 10, 15, 22]))).toBeCloseTo(0.01, 10);
  });
});

describe('the Keras-style LeNet matches the project CNN', () => {
  test('62,006 parameters, as the memory model counts', () => {
    const model = createLeNet(1);
    expect(model.countParams()).toBe(parameterCount());
    model.dispose();
  });

  test('one training step on the striped images runs and gives a finite loss', async () => {
    const model = createLeNet(1);
    const { images, labels } = stripedImages(4, 1);
    const loss = tf.tidy(() => tf.losses.softmaxCrossEntropy(labels, model.predict(images) as tf.Tensor));
    expect(Number.isFinite((await loss.data())[0])).toBe(true);
    tf.dispose([images, labels, loss]);
    model.dispose();
  });
});
