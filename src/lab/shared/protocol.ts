/**
 * Everything the lab page and its worker say to each other, as one discriminated union per direction.
 *
 * A run is one worker: the page takes a fresh worker (started ahead, with TensorFlow.js loaded), sends
 * it one `run` request and receives messages tagged with that request's id until `finished` or
 * `failed`; then, or when the learner presses Stop, the run's AbortSignal fires and the worker is
 * terminated, so nothing a finished or stopped run still had in flight reaches the page. A worker that
 * ends without saying so (the program called `self.close()`, the browser ended it) releases the run's
 * life lock, which ends the run on the page too (worker-run.ts).
 *
 * The worker also runs the learner's code, which can call `postMessage` itself; so the page reads what
 * arrives with `readWorkerMessage`, which checks every field once (outputs: each kind's reader in
 * outputs/). After that the page trusts the types.
 */
import type { BackendName, DeviceInfo, MemoryReport } from '../../../labs/api/index.ts';
import type { Requirement } from '../../../labs/api/exercise.ts';
import { backendNames } from './backends.ts';
import { InvalidMessageError, readFields, type Fields } from '../outputs/fields.ts';
import { readMemoryReport } from '../outputs/memory.ts';
import { readOutput, type LabOutput } from '../outputs/index.ts';
import type { TensorMemorySample } from '../worker/memory-watch.ts';

export type { LabOutput };
export { InvalidMessageError };

/** One transpiled file of a lab, ready to become a module in the worker. */
export interface LabModuleSource {
  /** The file's name inside the lab folder, e.g. 'main.ts' or 'model.ts'. */
  path: string;
  /** The JavaScript emitted for it (ES module, imports as the learner wrote them). */
  code: string;
  /** Its source map (JSON), inlined so browser dev tools show the TypeScript. */
  sourceMap: string;
}

/** Page → worker. */
export type PageToWorker = {
  type: 'run';
  requestId: number;
  backend: BackendName;
  /** The file whose default export is the program, normally 'main.ts'. */
  entry: string;
  files: LabModuleSource[];
  /** The absolute URL of the site's data/ folder (ends in '/'), where `lab.fetchData` reads. */
  dataUrl: string;
  /**
   * A Web Lock the worker holds for as long as it lives (then says `started`): the page queues for it and so
   * learns when the worker ended without finishing the run (it closed itself, or the browser ended it).
   */
  lifeLock: string;
  /** Bytes of tensors past which the program is stopped (memory-budget.ts). */
  memoryBudget: number;
  /**
   * Set for an exercise (Exercise.astro): its check, bundled at build time, which runs after the program,
   * and a secret made for this run that marks the check's result as genuine (exercise-run.ts).
   */
  exercise?: { check: string; secret: string };
};

/** An error as it crosses the worker boundary; stack frames in lab files read `lab:<file>:<line>:<column>`. */
export interface SerializedError {
  name: string;
  message: string;
  stack: string;
}

/** Where a run failed: setting up the backend, in the program, or in work the program left running after main returned. */
export type RunPhase = 'backend' | 'program' | 'after-main';

/** Worker → page. */
export type WorkerToPage =
  /** The worker holds the run's life lock (`lifeLock`). */
  | { type: 'started'; requestId: number }
  | {
      type: 'backend-ready';
      requestId: number;
      device: DeviceInfo;
      /** Why the requested backend did not start, when TensorFlow.js fell back to another one. */
      fallbackReason?: string;
    }
  | { type: 'output'; requestId: number; output: LabOutput }
  /** The run's tensor memory (memory-watch.ts), when it changed; at once when it passed the budget. */
  | ({ type: 'memory'; requestId: number } & TensorMemorySample)
  | {
      type: 'finished';
      requestId: number;
      elapsedMs: number;
      memory: MemoryReport;
      /** Tensors created by the program and never disposed (can be negative if it disposed others). */
      leakedTensors: number;
      leakedBytes: number;
    }
  | { type: 'failed'; requestId: number; phase: RunPhase; error: SerializedError }
  /**
   * An exercise's checks; the page believes them only with this run's `secret`, and decides from the list
   * itself whether they make a pass (no flag says so). Comes before `finished`/`failed`.
   */
  | { type: 'exercise-result'; requestId: number; secret: string; requirements: Requirement[] };

/** The most requirements an exercise result may list (the harness's own plus the check's). */
const maxRequirements = 50;

function readRequirement(value: unknown, where: string): Requirement {
  return readFields(value, where, (fields) => ({
    id: fields.label('id'),
    label: fields.string('label'),
    passed: fields.boolean('passed'),
    message: fields.string('message'),
  }));
}

function readDevice(fields: Fields): DeviceInfo {
  return {
    backend: fields.label('backend'),
    requested: fields.oneOf('requested', backendNames),
    description: fields.label('description'),
    crossOriginIsolated: fields.boolean('crossOriginIsolated'),
    cores: fields.count('cores'),
    softwareRenderer: fields.boolean('softwareRenderer'),
  };
}

function readMemorySample(fields: Fields): TensorMemorySample {
  const numBytes = fields.count('numBytes');
  return fields.handOver('gpuBytes') === undefined ? { numBytes } : { numBytes, gpuBytes: fields.count('gpuBytes') };
}

function readError(fields: Fields): SerializedError {
  return { name: fields.label('name'), message: fields.string('message'), stack: fields.string('stack') };
}

function readMessage(fields: Fields, requestId: number): WorkerToPage {
  const type = fields.oneOf('type', [
    'started',
    'backend-ready',
    'output',
    'memory',
    'finished',
    'failed',
    'exercise-result',
  ] as const satisfies readonly WorkerToPage['type'][]);
  fields.count('requestId');
  switch (type) {
    case 'started':
      return { type, requestId };
    case 'backend-ready':
      return {
        type,
        requestId,
        device: fields.object('device', readDevice),
        fallbackReason: fields.optionalString('fallbackReason'),
      };
    case 'output':
      return { type, requestId, output: readOutput(fields.handOver('output')) };
    case 'memory':
      return { type, requestId, ...readMemorySample(fields) };
    case 'finished':
      return {
        type,
        requestId,
        elapsedMs: fields.number('elapsedMs'),
        memory: fields.object('memory', readMemoryReport),
        leakedTensors: fields.number('leakedTensors'),
        leakedBytes: fields.number('leakedBytes'),
      };
    case 'failed':
      return {
        type,
        requestId,
        phase: fields.oneOf('phase', ['backend', 'program', 'after-main'] as const satisfies readonly RunPhase[]),
        error: fields.object('error', readError),
      };
    case 'exercise-result':
      // A `passed` flag is no part of the message: the worker sends none, and one a program adds to its own
      // message is dropped unread, so a forged message still reaches the secret check and is shown as forged.
      fields.handOver('passed');
      return {
        type,
        requestId,
        secret: fields.string('secret', 200),
        requirements: fields.list('requirements', readRequirement, maxRequirements),
      };
  }
}

/**
 * The message, checked, if `data` is a message of run `requestId`; null if it belongs to no run or another
 * one. Throws `InvalidMessageError`, naming the field, when a message of this run is malformed.
 */
export function readWorkerMessage(data: unknown, requestId: number): WorkerToPage | null {
  if (typeof data !== 'object' || data === null || (data as { requestId?: unknown }).requestId !== requestId) return null;
  return readFields(data, 'worker message', (fields) => readMessage(fields, requestId));
}
