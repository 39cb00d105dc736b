import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { createRecordingLab } from '../../src/lab/worker/create-lab.ts';
import { InvalidMessageError, readWorkerMessage, type LabOutput, type WorkerToPage } from '../../src/lab/shared/protocol.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** What the page receives: the worker's message after postMessage's structured clone. */
function received(message: WorkerToPage): unknown {
  return structuredClone(message);
}

const output = (value: LabOutput): WorkerToPage => ({ type: 'output', requestId: 7, output: value });

test('every output the lab API makes is read back unchanged', async () => {
  const { lab, outputs } = createRecordingLab();
  lab.log('hello', 1);
  lab.table(
    [
      { size: 64, ms: 1.5, ok: true },
      { size: 128, note: null },
    ],
    { title: 'Sizes' },
  );
  lab.table([{ n: 1 }]);
  const chart = lab.lineChart({ title: 'Loss', series: ['train', 'best'], xLabel: 'epoch', xScale: 'log', marks: ['best'] });
  chart.add(1, { train: 0.5 });
  lab.barChart({ title: 'Speed', bars: { CPU: 812, WebGL: Number.NaN }, unit: 'ms' });
  lab.progress({ label: 'Downloading', total: 4_000_000, unit: 'bytes' }).finish();
  await lab.time('nothing', () => undefined, { warmup: 0, repeats: 2 });
  lab.memory();
  lab.memory('after');
  lab.download('rows.csv', 'a,b\n1,2\n', 'text/csv');
  expect(new Set(outputs.map((item) => item.kind))).toEqual(
    new Set(['log', 'table', 'line-chart', 'line-points', 'bar-chart', 'progress', 'timing', 'memory', 'download']),
  );
  for (const item of outputs) expect(readWorkerMessage(received(output(item)), 7)).toEqual(output(item));
});

test('the other messages of a run are read back unchanged', () => {
  const { lab } = createRecordingLab();
  const messages: WorkerToPage[] = [
    { type: 'backend-ready', requestId: 7, device: lab.device() },
    { type: 'backend-ready', requestId: 7, device: lab.device(), fallbackReason: 'no WebGL 2' },
    {
      type: 'finished',
      requestId: 7,
      elapsedMs: 12.5,
      memory: { numTensors: 2, numBytes: 16, numDataBuffers: 2 },
      leakedTensors: -1,
      leakedBytes: -8,
    },
    {
      type: 'failed',
      requestId: 7,
      phase: 'program',
      error: { name: 'TypeError', message: 'x is undefined', stack: 'at lab:main.ts:3:7' },
    },
  ];
  for (const message of messages) expect(readWorkerMessage(received(message), 7)).toEqual(message);
});

test.each([
  ['another run', { type: 'output', requestId: 6, output: { kind: 'log', level: 'info', text: 'hi' } }],
  ['no object at all', 'finished'],
  ['null', null],
  ['a message without a run', { type: 'output', output: { kind: 'log', level: 'info', text: 'hi' } }],
])('ignores %s', (_name, data) => {
  expect(readWorkerMessage(data, 7)).toBeNull();
});

describe('refuses a malformed message of this run, naming what is wrong', () => {
  test.each([
    ['an unknown type', { type: 'take-over', requestId: 7 }, /"type" should be one of/],
    ['an unknown output kind', { type: 'output', requestId: 7, output: { kind: 'html', html: '<b>' } }, /unknown kind "html"/],
    ['a failure without an error', { type: 'failed', requestId: 7, phase: 'program' }, /error is not an object/],
    [
      'text that is not text',
      output({ kind: 'log', level: 'info', text: 3 as unknown as string }),
      /output "log": "text" should be text, not number/,
    ],
    [
      'a level that does not exist',
      output({ kind: 'log', level: 'loud' as 'info', text: 'hi' }),
      /"level" should be one of info, warn, error/,
    ],
    [
      'a table cell that is an object',
      output({ kind: 'table', columns: ['a'], rows: [[{} as string]] }),
      /rows\[0\]\[0\] should be text, a number/,
    ],
    [
      'a field nobody sends',
      { ...output({ kind: 'log', level: 'info', text: 'hi' }), output: { kind: 'log', level: 'info', text: 'hi', html: '<b>' } },
      /unexpected field "html"/,
    ],
    [
      'bars without as many values as labels',
      output({ kind: 'bar-chart', title: 'x', labels: ['a', 'b'], values: [1] }),
      /2 labels but 1 values/,
    ],
    [
      'a chart that marks a series it does not have',
      output({ kind: 'line-chart', chartId: 1, title: 'x', series: ['a'], marks: ['b'] }),
      /marks "b", which is not one of its series/,
    ],
    [
      'a chart id that is not a count',
      output({ kind: 'line-points', chartId: -1, x: 0, values: {} }),
      /"chartId" should be a whole number/,
    ],
    [
      'a device without its renderer flag',
      {
        type: 'backend-ready',
        requestId: 7,
        device: { backend: 'cpu', requested: 'cpu', description: 'x', crossOriginIsolated: false, cores: 2 },
      },
      /"softwareRenderer" should be true or false/,
    ],
  ])('%s', (_name, data, problem) => {
    expect(() => readWorkerMessage(data, 7)).toThrow(InvalidMessageError);
    expect(() => readWorkerMessage(data, 7)).toThrow(problem);
  });
});
