import { expect, test } from 'vitest';
import { createRecordingLab } from '../../src/lab/worker/create-lab.ts';
import { InvalidMessageError, readWorkerMessage, type WorkerToPage } from '../../src/lab/shared/protocol.ts';
import { measuredText } from '../../src/lab/outputs/measured.ts';

/** The message as the page receives it, after postMessage's structured clone. */
function asReceived(output: unknown): unknown {
  return structuredClone({ type: 'output', requestId: 3, output });
}

function read(output: unknown): WorkerToPage | null {
  return readWorkerMessage(asReceived(output), 3);
}

test('lab.measured records a figure that the page reads back unchanged, in Node as in the worker', () => {
  const { lab, outputs } = createRecordingLab();
  lab.measured('matmul-crossover', 256, 'n');
  lab.measured('cnn-speedup-default', null, '×');
  expect(outputs).toEqual([
    { kind: 'measured', id: 'matmul-crossover', value: 256, unit: 'n' },
    { kind: 'measured', id: 'cnn-speedup-default', value: null, unit: '×' },
  ]);
  for (const output of outputs) expect(read(output)).toEqual({ type: 'output', requestId: 3, output });
});

test('a figure that is not finite is not reported: the run goes on with a warning', () => {
  const { lab, outputs } = createRecordingLab();
  lab.measured('cnn-speedup-default', Number.NaN, '×');
  expect(outputs).toEqual([
    {
      kind: 'log',
      level: 'warn',
      text: "lab.measured('cnn-speedup-default') got NaN, not a finite number: nothing to set beside the prediction.",
    },
  ]);
});

test('an id that could not name a prompt is refused where the program calls', () => {
  const { lab } = createRecordingLab();
  expect(() => lab.measured('Speed up!', 2, '×')).toThrow(/lower-case words joined by hyphens/);
});

test('the page refuses a forged figure: a bad id, a value that is not finite, a missing unit, an extra field', () => {
  const valid = { kind: 'measured', id: 'float16-smallest', value: 6e-8, unit: '' };
  expect(read(valid)).toMatchObject({ output: valid });
  for (const forged of [
    { ...valid, id: '<b>x</b>' },
    { ...valid, value: Number.POSITIVE_INFINITY },
    { ...valid, value: '6e-8' },
    { kind: 'measured', id: 'float16-smallest', value: 1 },
    { ...valid, extra: true },
  ])
    expect(() => read(forged)).toThrow(InvalidMessageError);
});

test('the output line says what was measured, with its unit', () => {
  expect(measuredText({ kind: 'measured', id: 'matmul-crossover', value: 256, unit: 'n' })).toBe(
    'Measured (matmul-crossover): 256 n',
  );
  expect(measuredText({ kind: 'measured', id: 'cnn-speedup-default', value: 0.4213, unit: '×' })).toBe(
    'Measured (cnn-speedup-default): 0.4213 ×',
  );
  expect(measuredText({ kind: 'measured', id: 'matmul-crossover', value: null, unit: 'n' })).toBe(
    'Measured (matmul-crossover): none found',
  );
});
