/**
 * The checking API: what an exercise's hidden check receives and what it returns.
 *
 * An exercise is a lab folder with a goal (labs/README.md, "Exercises"). The learner edits `main.ts`;
 * after their program has run, the harness (src/lab/exercise/exercise-harness.ts) calls the folder's `check.ts`,
 * whose default export is an `ExerciseCheck`. The check gets what the harness itself observed while the
 * program ran (an `ExerciseRun`), the program's exports, TensorFlow.js and the lab, and answers with one
 * `Requirement` per thing the goal asks for, each passed or failed with a message that says exactly what
 * is still wrong.
 *
 * ```ts
 * import type { ExerciseCheck } from '../api/exercise';
 * import { requirement } from '../exercise-kit/requirement.ts';
 *
 * const check: ExerciseCheck = ({ run }) => [
 *   requirement(
 *     'no-leak',
 *     'The program leaves no tensor alive',
 *     run.tensorsAfter === run.tensorsBefore,
 *     `${run.tensorsAfter - run.tensorsBefore} tensors are still alive after main returned.`,
 *   ),
 * ];
 * export default check;
 * ```
 *
 * Only the check's answer decides the result: whatever the program prints, logs or returns is material
 * for the check to judge, never a verdict. Like labs/api/index.ts this file holds types only.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { BackendName, Cell, DeviceInfo, Lab, MemoryReport, Timing } from './index.ts';

/** The tensor methods that copy values back from the backend to JavaScript: each call is one read-back. */
export type ReadMethod = 'data' | 'dataSync' | 'array' | 'arraySync' | 'bytes' | 'buffer' | 'bufferSync';

/** Every read method, in a fixed order (for tables and loops). */
export type ReadCounts = Readonly<Record<ReadMethod, number>>;

/** One read-back the program made: `tensor.data()`, `tensor.arraySync()`… (printing a tensor reads it too). */
export interface TensorRead {
  kind: 'read';
  /** The method called. A method that calls another (arraySync calls dataSync) counts once, as itself. */
  method: ReadMethod;
  /** The tensor's id (`tensor.id`), to tell which tensor was read. */
  tensorId: number;
  /** Its shape: `[]` for a scalar such as a loss. */
  shape: readonly number[];
  /** Its dtype: 'float32', 'int32', 'bool'… */
  dtype: string;
}

/** A call of `lab.useBackend`. */
export interface BackendRequest {
  kind: 'backend';
  /** The backend asked for. */
  name: BackendName;
  /** True when it started; false when `useBackend` rejected. */
  started: boolean;
  /** The backend TensorFlow.js runs right after the call (the previous one when it failed). */
  backend: string;
  /** Why it could not start (the rejection's message), or null. */
  error: string | null;
}

/** The position of an output among the events: `outputs[index]` was shown at this point. */
export interface OutputEvent {
  kind: 'output';
  /** Index into the observation's `outputs`. */
  index: number;
}

/** A marker a check placed with `mark(label)` while it observed a call of the program's code. */
export interface MarkEvent {
  kind: 'mark';
  label: string;
}

/** What happened while the program ran, in order: reads, outputs, backend switches and the check's marks. */
export type ExerciseEvent = TensorRead | BackendRequest | OutputEvent | MarkEvent;

/**
 * What the program showed, as the check sees it: the lab API's outputs (src/lab/outputs/), reduced to the
 * fields a check needs. In the page, `console.log` lines are log outputs too.
 */
export type ExerciseOutput =
  | {
      kind: 'log';
      /** 'info' for `lab.log` and `console.log`, 'warn' and 'error' for their console counterparts. */
      level: 'info' | 'warn' | 'error';
      /** The line as the page prints it (tensors already formatted). */
      text: string;
    }
  | {
      kind: 'table';
      title: string | undefined;
      /** Column names, in first-seen order. */
      columns: readonly string[];
      /** One array of cells per row, in column order (absent values are null). */
      rows: readonly (readonly Cell[])[];
    }
  | {
      kind: 'timing';
      /** The result of `lab.time`. */
      timing: Timing;
      /** The backend that ran the timed work. */
      backend: string;
    }
  | {
      kind: 'memory';
      label: string | undefined;
      /** What `lab.memory` printed. */
      report: MemoryReport;
    }
  | {
      kind: 'bar-chart';
      title: string;
      labels: readonly string[];
      values: readonly number[];
    }
  | {
      /** Anything else (line charts, progress bars, downloads): only its kind. */
      kind: 'other';
      outputKind: string;
    };

/** What the harness saw while some code ran: the learner's `main`, or a call the check made with `observe`. */
export interface ExerciseObservation<T = unknown> {
  /** The message of what the code threw (or rejected with), or null when it finished. */
  error: string | null;
  /** The thrown error's name ('TypeError', 'Error'…), or null. */
  errorName: string | null;
  /** What the code returned (resolved to), or undefined when it threw. */
  returned: T | undefined;
  /** What it showed through the lab API, in order. */
  outputs: readonly ExerciseOutput[];
  /** Reads, outputs, backend switches and marks, in the order they happened (at most 10,000; see eventsDropped). */
  events: readonly ExerciseEvent[];
  /** Events left out of `events` past its limit (the counts below stay exact). */
  eventsDropped: number;
  /** Tensor read-backs made, all methods together. */
  reads: number;
  /** The same, by method. */
  readsByMethod: ReadCounts;
  /** `tf.memory().numTensors` just before the code started and just after it finished. */
  tensorsBefore: number;
  tensorsAfter: number;
  /** `tf.memory().numBytes` at the same moments. */
  bytesBefore: number;
  bytesAfter: number;
  /** `tf.getBackend()` at the same moments. */
  backendBefore: string;
  backendAfter: string;
  /** Every `lab.useBackend` call, in order (also present in `events`). */
  backendRequests: readonly BackendRequest[];
  /** Wall-clock milliseconds the code took (the real clock, even when a check simulates one). */
  elapsedMs: number;
}

/** What the harness observed while the learner's `main` ran. */
export interface ExerciseRun extends ExerciseObservation {
  /** `lab.device()` after main: the backend and device that really ran. */
  device: DeviceInfo;
  /**
   * Parts of TensorFlow.js the program replaced and the harness had to put back, e.g.
   * 'Tensor.prototype.dataSync'. A program that does this fails the exercise.
   */
  tampered: readonly string[];
}

/** Places a marker among the observed events, e.g. `mark('epoch 2')`, to count reads per phase. */
export type Mark = (label: string) => void;

/**
 * Runs `work` under the same observation as the program's main: reads counted, tensors counted before and
 * after, outputs and backend switches recorded, errors caught (they end up in `error`, never thrown).
 * Checks use it to call the program's exported functions with inputs of their choosing. Observations
 * cannot overlap: await one before starting the next.
 */
export type Observe = <T>(work: (mark: Mark) => T | Promise<T>) => Promise<ExerciseObservation<Awaited<T>>>;

/** What a check receives. */
export interface ExerciseCheckContext {
  /** What the harness observed while the learner's main ran. */
  run: ExerciseRun;
  /**
   * The learner's main.ts as a module: `program.default` is main, the other keys are its named exports.
   * Values are unknown: check their types before use (labs/exercise-kit/exports.ts helps).
   */
  program: Readonly<Record<string, unknown>>;
  /** The TensorFlow.js the program used (the same engine and backend). */
  tf: typeof tfjs;
  /** The lab the program received, for calling program functions that take one. Its outputs appear in the page. */
  lab: Lab;
  /** Runs code (usually the program's exports) under observation. */
  observe: Observe;
}

/** One thing the goal asks for, and whether the program does it. */
export interface Requirement {
  /** Stable id inside the exercise, kebab-case, e.g. 'reads-per-epoch'. The harness reserves 'program-runs', 'check-runs' and 'no-tampering'. */
  id: string;
  /** What is required, phrased as the requirement itself; shown whether it passed or not. */
  label: string;
  /** Whether the program meets it. */
  passed: boolean;
  /**
   * Specific feedback: when failed, what is wrong and by how much ("the loss is read back 24 times in
   * 2 epochs; read it at most once per epoch"); when passed, what was observed ("read 2 times in 2 epochs").
   */
  message: string;
}

/** A check: the default export of an exercise's check.ts. Every requirement it returns is shown. */
export type ExerciseCheck = (context: ExerciseCheckContext) => Requirement[] | Promise<Requirement[]>;
