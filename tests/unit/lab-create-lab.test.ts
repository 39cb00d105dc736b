import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { createRecordingLab } from '../../src/lab/worker/create-lab.ts';
import { runsOnSoftwareRenderer } from '../../src/lab/shared/device-description.ts';
import { limitOutput } from '../../src/lab/shared/output-gate.ts';
import type { LabOutput } from '../../src/lab/shared/protocol.ts';

/** The lab API against a test sink, on the CPU backend. */
const collect = () => createRecordingLab();

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

afterEach(() => {
  vi.useRealTimers();
});

test('log formats strings, numbers, tensors and data like console.log', () => {
  const { lab, outputs } = collect();
  const tensor = tf.tensor1d([1, 2]);
  lab.log('values', 3, tensor, { a: [1, 2] });
  tensor.dispose();
  expect(outputs).toHaveLength(1);
  const [output] = outputs;
  expect(output?.kind === 'log' && output.text).toBe('values 3 Tensor float32 [2]\n[1, 2] {\n  "a": [\n    1,\n    2\n  ]\n}');
});

test('table collects columns in first-seen order and fills gaps with null', () => {
  const { lab, outputs } = collect();
  lab.table(
    [
      { size: 64, ms: 1.5 },
      { size: 128, note: 'slow' },
    ],
    { title: 'Sizes' },
  );
  expect(outputs[0]).toEqual({
    kind: 'table',
    title: 'Sizes',
    columns: ['size', 'ms', 'note'],
    rows: [
      [64, 1.5, null],
      [128, null, 'slow'],
    ],
  });
});

test('line charts drop points that are not finite numbers', () => {
  const { lab, outputs } = collect();
  const chart = lab.lineChart({ title: 'Loss', series: ['train', 'test'] });
  chart.add(1, { train: 0.5, test: Number.NaN });
  chart.add(Number.POSITIVE_INFINITY, { train: 1 });
  expect(outputs).toEqual([
    { kind: 'line-chart', chartId: 1, title: 'Loss', series: ['train', 'test'], xLabel: undefined, yLabel: undefined },
    { kind: 'line-points', chartId: 1, x: 1, values: { train: 0.5 } },
  ]);
});

test('progress estimates the time left and sends at most ten updates a second', () => {
  vi.useFakeTimers();
  const { lab, outputs } = collect();
  const progress = lab.progress({ label: 'Training', total: 4 });
  vi.advanceTimersByTime(1000);
  progress.update(1);
  progress.update(2); // Too soon after the last update: skipped.
  vi.advanceTimersByTime(1000);
  progress.update(2);
  progress.finish();
  const updates = outputs.flatMap((output) => (output.kind === 'progress' ? [[output.done, output.etaMs]] : []));
  expect(updates).toEqual([
    [0, null],
    [1, 3000],
    [2, 2000],
    [4, 0],
  ]);
});

test('a progress bar can change its total, e.g. when a sweep skips sizes, and says so at once', () => {
  const { lab, outputs } = collect();
  const progress = lab.progress({ label: 'Sweep', total: 12 });
  progress.update(1);
  progress.update(1, 1); // The other 11 sizes will not be measured: 1 of 1, done.
  progress.finish(); // Already finished: nothing more to say.
  const updates = outputs.flatMap((output) => (output.kind === 'progress' ? [[output.done, output.total]] : []));
  expect(updates).toEqual([
    [0, 12],
    [1, 1],
  ]);
});

test('a line chart marks only its own series', () => {
  const { lab, outputs } = collect();
  lab.lineChart({ title: 'Speed', series: ['wasm', 'webgl', 'webgl stays faster'], marks: ['webgl stays faster', 'other'] });
  expect(outputs[0]).toMatchObject({ kind: 'line-chart', marks: ['webgl stays faster'] });
});

describe('time', () => {
  test('reads back and frees what the work returns, after the warm-up runs', async () => {
    const { lab, outputs } = collect();
    const a = tf.ones([8, 8]);
    const before = tf.memory().numTensors;
    const work = vi.fn((): tf.Tensor => tf.matMul(a, a));
    const timing = await lab.time('matMul', work, { warmup: 2, repeats: 3 });
    expect(work).toHaveBeenCalledTimes(5);
    expect(timing.runsMs).toHaveLength(3);
    expect(timing.warmup).toBe(2);
    expect(timing.medianMs).toBe([...timing.runsMs].sort((x, y) => x - y)[1]);
    expect(tf.memory().numTensors).toBe(before);
    expect(outputs.at(-1)).toMatchObject({ kind: 'timing', backend: 'cpu', timing: { label: 'matMul' } });
    a.dispose();
  });

  test('never frees variables, which belong to a model', async () => {
    const { lab } = collect();
    const weights = tf.variable(tf.zeros([2]));
    await lab.time('identity', () => weights);
    expect(weights.isDisposed).toBe(false);
    weights.dispose();
  });

  test('works when the work returns nothing, and rejects impossible counts', async () => {
    const { lab } = collect();
    await expect(lab.time('nothing', () => undefined)).resolves.toMatchObject({ runsMs: [expect.any(Number)] });
    await expect(lab.time('bad', () => undefined, { repeats: 1.5 })).rejects.toThrow('repeats must be a whole number');
  });
});

test('memory reports tf.memory()', () => {
  const { lab, outputs } = collect();
  const tensor = tf.zeros([4]);
  const report = lab.memory('one tensor');
  expect(report.numTensors).toBe(tf.memory().numTensors);
  expect(outputs[0]).toEqual({ kind: 'memory', label: 'one tensor', report });
  tensor.dispose();
});

test('device names the backend that runs and the one requested', () => {
  const { lab } = collect();
  expect(lab.device()).toMatchObject({
    backend: 'cpu',
    requested: 'cpu',
    description: 'plain JavaScript on one thread',
    softwareRenderer: false,
  });
});

test('device says when a GPU backend runs on a software renderer', () => {
  const swiftShader = 'WebGL 2 on ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';
  expect(runsOnSoftwareRenderer('webgl', swiftShader)).toBe(true);
  expect(runsOnSoftwareRenderer('webgpu', 'WebGPU on mesa llvmpipe')).toBe(true);
  expect(runsOnSoftwareRenderer('webgl', 'WebGL 2 on ANGLE (NVIDIA, NVIDIA GeForce RTX 4070)')).toBe(false);
  // Only GPU backends can be emulated: the CPU backends are what they say.
  expect(runsOnSoftwareRenderer('wasm', 'software')).toBe(false);
});

test('a run that logs without end is cut off with one notice', () => {
  const outputs: LabOutput[] = [];
  const emit = limitOutput((output) => outputs.push(output), { lines: 3 });
  for (let index = 0; index < 10; index++) emit({ kind: 'log', level: 'info', text: String(index) });
  // lab.memory and lab.time print lines too; other kinds have caps of their own.
  emit({ kind: 'memory', report: { numTensors: 0, numBytes: 0, numDataBuffers: 0 } });
  emit({ kind: 'table', columns: ['a'], rows: [[1]] });
  expect(outputs.map((output) => (output.kind === 'log' ? output.text : output.kind))).toEqual([
    '0',
    '1',
    '2',
    'Output limit reached: more than 3 lines were logged, so the rest are dropped.',
    'table',
  ]);
});
