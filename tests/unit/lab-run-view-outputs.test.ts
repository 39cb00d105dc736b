import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { createRecordingLab } from '../../src/lab/worker/create-lab.ts';
import { InvalidMessageError, readWorkerMessage, type LabOutput, type WorkerToPage } from '../../src/lab/shared/protocol.ts';

/**
 * The run view's outputs (lab.stage, lab.verdict, and the backend switch lab.useBackend reports): what the
 * lab API sends, and how the page reads it where it arrives from the worker.
 */
beforeAll(async () => {
  await tf.setBackend('cpu');
});

const message = (value: unknown): unknown => structuredClone({ type: 'output', requestId: 3, output: value });
const read = (value: unknown): WorkerToPage | null => readWorkerMessage(message(value), 3);

test('a stage and its updates share an id and name the backend running', () => {
  const { lab, outputs } = createRecordingLab();
  const data = lab.stage('Data', '2,000 images');
  data.now('decoding');
  lab.stage('wasm');
  expect(outputs).toEqual([
    { kind: 'stage', stageId: 1, name: 'Data', detail: '2,000 images', backend: 'cpu' },
    { kind: 'stage', stageId: 1, name: 'Data', detail: '2,000 images', now: 'decoding', backend: 'cpu' },
    { kind: 'stage', stageId: 2, name: 'wasm', detail: undefined, backend: 'cpu' },
  ]);
  for (const output of outputs) expect(read(output)).toEqual({ type: 'output', requestId: 3, output });
});

test('a verdict carries one sentence and a bar chart, read by the bar chart reader', () => {
  const { lab, outputs } = createRecordingLab();
  lab.verdict({
    text: 'WebGL trained 2.4× as fast as WASM here.',
    chart: { title: 'Speed-up over WASM', bars: { wasm: 1, webgl: 2.4, 'T4 over its CPU': 2.15 }, unit: '×' },
  });
  const [verdict] = outputs;
  expect(verdict).toEqual({
    kind: 'verdict',
    text: 'WebGL trained 2.4× as fast as WASM here.',
    chart: {
      kind: 'bar-chart',
      title: 'Speed-up over WASM',
      labels: ['wasm', 'webgl', 'T4 over its CPU'],
      values: [1, 2.4, 2.15],
      unit: '×',
    },
  });
  expect(read(verdict)).toEqual({ type: 'output', requestId: 3, output: verdict });
});

test('useBackend reports the switch, so the page names the backend that runs', async () => {
  const { lab, outputs } = createRecordingLab();
  await lab.useBackend('cpu');
  expect(outputs).toEqual([{ kind: 'backend', backend: 'cpu', description: expect.any(String) as string }]);
  expect(read(outputs[0])).toEqual({ type: 'output', requestId: 3, output: outputs[0] });
});

test('forged run-view outputs are refused, naming the field', () => {
  const stage: LabOutput = { kind: 'stage', stageId: 1, name: 'Data', backend: 'wasm' };
  expect(() => read({ ...stage, stageId: -1 })).toThrow(InvalidMessageError);
  expect(() => read({ ...stage, stageId: -1 })).toThrow(/"stageId" should be a whole number/);
  expect(() => read({ ...stage, open: true })).toThrow(/unexpected field "open"/);
  expect(() => read({ kind: 'verdict', text: 'x', chart: { kind: 'bar-chart', title: 't', labels: ['a'], values: [] } })).toThrow(
    /1 labels but 0 values/,
  );
  expect(() =>
    read({ kind: 'verdict', text: 'x', chart: { kind: 'bar-chart', title: 't', labels: [], values: [], html: '<b>' } }),
  ).toThrow(/unexpected field "html"/);
  expect(() => read({ kind: 'backend', backend: 7, description: '' })).toThrow(/"backend" should be text/);
});
