import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, expect, test } from 'vitest';
import {
  MemoryBudgetError,
  tensorMemory,
  watchTensorMemory,
  type TensorMemorySample,
} from '../../src/lab/worker/memory-watch.ts';
import { InvalidMessageError, readWorkerMessage, type WorkerToPage } from '../../src/lab/shared/protocol.ts';

const MB = 1024 ** 2;
let unwatch: (() => void) | undefined;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterEach(() => {
  unwatch?.();
  unwatch = undefined;
});

test('reports the tensor bytes of the run, and passes under the budget', () => {
  const samples: TensorMemorySample[] = [];
  const before = tf.memory().numBytes;
  unwatch = watchTensorMemory(before + 8 * MB, (sample) => samples.push(sample));
  expect(samples).toEqual([{ numBytes: before }]);
  const kept = tf.zeros([MB]); // 4 MB of float32
  unwatch();
  unwatch = undefined;
  expect(samples.at(-1)).toEqual({ numBytes: before + 4 * MB });
  kept.dispose();
});

test('the tensor that passes the budget is reported at once and stops the program where it is made', () => {
  const samples: TensorMemorySample[] = [];
  const before = tf.memory();
  unwatch = watchTensorMemory(before.numBytes + 10 * MB, (sample) => samples.push(sample));
  const endless = () =>
    tf.tidy(() => {
      const kept: tf.Tensor[] = [];
      for (;;) kept.push(tf.zeros([MB]));
    });
  expect(endless).toThrow(MemoryBudgetError);
  expect(samples.at(-1)).toEqual({ numBytes: before.numBytes + 12 * MB });
  // The engine still counts right: tidy disposed every tensor, the one that passed the budget included.
  expect(tf.memory().numTensors).toBe(before.numTensors);
  expect(tf.memory().numBytes).toBe(before.numBytes);
});

test('once the watch stops, new tensors are no longer held to its budget', () => {
  const before = tf.memory().numBytes;
  watchTensorMemory(before, () => undefined)();
  const tensor = tf.zeros([MB]);
  tensor.dispose();
});

test('a program cannot remove or replace the check to hide its tensors', () => {
  // The probe: `delete tf.engine().trackTensor` let 768 MB be held against a 256 MB budget until the next sample.
  const samples: TensorMemorySample[] = [];
  const before = tf.memory();
  unwatch = watchTensorMemory(before.numBytes + 10 * MB, (sample) => samples.push(sample));
  const engine = tf.engine() as unknown as Record<string, unknown>;
  expect(() => delete engine.trackTensor).toThrow(TypeError);
  expect(() => {
    engine.trackTensor = () => undefined;
  }).toThrow(TypeError);
  expect(() => Object.defineProperty(engine, 'trackTensor', { value: () => undefined })).toThrow(TypeError);
  // Nor can it swap the count the check reads for an empty one.
  expect(() => {
    engine.state = { numBytes: 0 };
  }).toThrow(TypeError);
  const kept: tf.Tensor[] = [];
  expect(() => {
    for (;;) kept.push(tf.zeros([MB]));
  }).toThrow(MemoryBudgetError);
  expect(samples.at(-1)).toEqual({ numBytes: before.numBytes + 12 * MB });
  tf.dispose(kept);
});

test('reading the memory never goes through the active backend, which may be starting', async () => {
  // lab.useBackend waits like this for WebGPU's adapter; tf.memory() throws meanwhile, and after a failed
  // start it would start the best backend itself. The worker's timer reads the memory at any moment.
  tf.registerBackend('starting', () => new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no adapter')), 20)));
  const switching = tf.setBackend('starting');
  expect(() => tf.memory()).toThrow('has not yet been initialized');
  expect(tensorMemory()).toEqual({ numBytes: tf.engine().state.numBytes });
  expect(await switching).toBe(false);
  expect(tensorMemory()).toEqual({ numBytes: tf.engine().state.numBytes });
  expect(tf.engine().backendName).toBe('starting'); // nothing started another backend behind the program's back
  tf.removeBackend('starting');
  await tf.setBackend('cpu');
});

test("the page reads the worker's memory samples, and refuses forged ones", () => {
  const messages: WorkerToPage[] = [
    { type: 'memory', requestId: 3, numBytes: 4096 },
    { type: 'memory', requestId: 3, numBytes: 4096, gpuBytes: 8192 },
  ];
  for (const message of messages) expect(readWorkerMessage(structuredClone(message), 3)).toEqual(message);
  expect(() => readWorkerMessage({ type: 'memory', requestId: 3, numBytes: -1 }, 3)).toThrow(InvalidMessageError);
  expect(() => readWorkerMessage({ type: 'memory', requestId: 3, numBytes: 1, gpuBytes: 'lots' }, 3)).toThrow(
    InvalidMessageError,
  );
  expect(() => readWorkerMessage({ type: 'memory', requestId: 3, numBytes: 1, over: true }, 3)).toThrow(InvalidMessageError);
});
