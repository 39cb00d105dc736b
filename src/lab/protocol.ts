/**
 * Everything the lab page and its worker say to each other, as one discriminated union per direction.
 *
 * A run is one worker: the page creates a fresh worker, sends one `run` request and receives messages
 * tagged with that request's id until `finished` or `failed`, then terminates the worker. The id lets
 * the page drop anything a stopped or earlier run still had in flight.
 *
 * The worker also runs the learner's code, which can call `postMessage` itself; so the page treats
 * what arrives as untrusted and checks it with `readWorkerMessage` before using it.
 */
import type { AxisScale, BackendName, Cell, DeviceInfo, MemoryReport, ProgressUnit, Timing } from '../../labs/api/index.ts';

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
};

/** Something the program showed; produced by the lab API (`createLab`) and rendered by the page. */
export type LabOutput =
  | { kind: 'log'; level: 'info' | 'warn' | 'error'; text: string }
  | { kind: 'table'; title?: string; columns: string[]; rows: Cell[][] }
  | {
      kind: 'line-chart';
      chartId: number;
      title: string;
      series: string[];
      xLabel?: string;
      yLabel?: string;
      xScale?: AxisScale;
      yScale?: AxisScale;
    }
  | { kind: 'line-points'; chartId: number; x: number; values: Record<string, number> }
  | { kind: 'bar-chart'; title: string; labels: string[]; values: number[]; unit?: string }
  | { kind: 'progress'; progressId: number; label: string; done: number; total: number; etaMs: number | null; unit: ProgressUnit }
  | { kind: 'timing'; timing: Timing; backend: string }
  | { kind: 'memory'; label?: string; report: MemoryReport }
  /** A file the program offers to save (`lab.download`); the page turns it into a download link. */
  | { kind: 'download'; fileName: string; text: string; mimeType: string };

/** An error as it crosses the worker boundary; stack frames in lab files read `lab:<file>:<line>:<column>`. */
export interface SerializedError {
  name: string;
  message: string;
  stack: string;
}

/** Worker → page. */
export type WorkerToPage =
  | {
      type: 'backend-ready';
      requestId: number;
      device: DeviceInfo;
      /** Why the requested backend did not start, when TensorFlow.js fell back to another one. */
      fallbackReason?: string;
    }
  | { type: 'output'; requestId: number; output: LabOutput }
  | {
      type: 'finished';
      requestId: number;
      elapsedMs: number;
      memory: MemoryReport;
      /** Tensors created by the program and never disposed (can be negative if it disposed others). */
      leakedTensors: number;
      leakedBytes: number;
    }
  | { type: 'failed'; requestId: number; phase: 'backend' | 'program'; error: SerializedError };

const workerMessageTypes: ReadonlySet<string> = new Set(['backend-ready', 'output', 'finished', 'failed']);
const outputKinds: ReadonlySet<string> = new Set([
  'log', 'table', 'line-chart', 'line-points', 'bar-chart', 'progress', 'timing', 'memory', 'download',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Returns the message if it has the shape of a `WorkerToPage` for `requestId`, else null.
 * The renderer still reads every field defensively (text via `textContent`, numbers via `Number`).
 */
export function readWorkerMessage(data: unknown, requestId: number): WorkerToPage | null {
  if (!isRecord(data) || data.requestId !== requestId || typeof data.type !== 'string') return null;
  if (!workerMessageTypes.has(data.type)) return null;
  switch (data.type) {
    case 'output':
      return isRecord(data.output) && typeof data.output.kind === 'string' && outputKinds.has(data.output.kind)
        ? (data as WorkerToPage)
        : null;
    case 'backend-ready':
      return isRecord(data.device) ? (data as WorkerToPage) : null;
    case 'finished':
      return isRecord(data.memory) ? (data as WorkerToPage) : null;
    case 'failed':
      return isRecord(data.error) ? (data as WorkerToPage) : null;
    default:
      return null;
  }
}
