/**
 * Everything the lab page says about a run, in one pure module: the status line above the output, the
 * page's notices in it, and the titles of errors. Pinned by tests/unit/lab-run-messages.test.ts.
 */
import type { BackendName } from '../../../labs/api/index.ts';
import { workerBudget, type BudgetExcess, type MemoryBudget } from './memory-budget.ts';
import { backendLabel, isBackendName } from '../shared/backends.ts';
import { formatBytes, formatDuration, plural } from '../shared/number-text.ts';
import type { SourceLocation } from './stack-trace.ts';

/** The picker's name for a backend the worker reports ('webgl' → 'WebGL'); unknown names as they are. */
export function ranOn(backend: string): string {
  return isBackendName(backend) ? backendLabel(backend) : backend;
}

/** 'WASM', 'WASM and WebGL', 'WASM, WebGL and WebGPU'. */
function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? 'no backend';
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

export const statusText = {
  editorFailed: (reason: string) =>
    `The editor could not load (${reason}). The original program still runs; reload the page to edit it.`,
  ready: 'Ready. Edit the code if you like, then press Run (Ctrl+Enter in the editor).',
  restored: 'Your edited code from last time is back. "Reset code" restores the original.',
  reset: 'The original code is back. Ctrl+Z in the editor undoes the reset.',
  notSaved: 'Your edits cannot be saved in this browser (storage is full or disabled); download them to keep them.',
  setAside:
    'Edits saved here by another version of the course could not be opened, so the lab starts from its original code. They are kept in this browser and shown in the output, to copy back what you need.',
  /** A run that needs the editor's TypeScript first (edited code) says so; the original code starts at once. */
  preparing: (backend: BackendName, translating: boolean) =>
    translating
      ? `Preparing: translating TypeScript, then starting ${backendLabel(backend)}…`
      : `Starting ${backendLabel(backend)}…`,
  running: (backend: string) => `Running on ${ranOn(backend)}…`,
  /** A new stage of a long run (`lab.stage`), on the backend running now; screen readers announce it. */
  stage: (name: string, backend: string) => `Running on ${ranOn(backend)}: ${name}…`,
  /** `backends`: every backend the run trained on, in order (a run can switch with `lab.useBackend`). */
  done: (elapsedMs: number, backends: readonly string[]) =>
    `Done in ${formatDuration(elapsedMs)} on ${listWords(backends.map(ranOn))}.`,
  stopped: (elapsedMs: number) => `Stopped after ${formatDuration(elapsedMs)}. The worker running the program was shut down.`,
  /** `summary` is short ("TypeError on line 4"); without one the title is the status. */
  error: (title: string, summary?: string) => (summary ? `Error: ${summary}. See the output below.` : `Error: ${title}`),
};

export const noticeText = {
  /** The device's description already names the API ("WebGPU on google swiftshader"): not twice. */
  running: (backend: string, description: string) =>
    description.startsWith(ranOn(backend)) ? `Running on ${description}.` : `Running on ${ranOn(backend)}: ${description}.`,
  fellBack: (requested: BackendName, reason: string, backend: string) =>
    `${backendLabel(requested)} could not start (${reason}), so TensorFlow.js fell back to ${ranOn(backend)}.`,
  /**
   * Type errors in main.ts when Run was pressed: the run goes on, as a TypeScript program with type errors
   * still runs (types are erased), but the learner reads them before its output.
   */
  typeErrors: (count: number) =>
    `${count} type ${plural(count, 'error', 'errors')} in main.ts, underlined in the editor. The program runs anyway, ` +
    'as types are erased when it runs; fix ' +
    plural(count, 'it', 'them') +
    ' if the run does not do what you meant.',
  typeErrorLine: (line: number, message: string) => `main.ts, line ${line}: ${message}`,
  /** The editor's first type check had not finished when Run was pressed. */
  typesUnchecked:
    'The editor was still checking types when Run was pressed, so any type errors show as underlines once it is done.',
  leaked: (tensors: number, bytes: number) =>
    `${tensors} ${plural(tensors, 'tensor was', 'tensors were')} left alive (${formatBytes(bytes)}). ` +
    'Free tensors with tf.dispose(…) or create them inside tf.tidy(() => …): on a GPU they are not garbage-collected.',
  stopped: (elapsedMs: number) => `Stopped by you after ${formatDuration(elapsedMs)}.`,
  forgedCheck:
    "The program posted a check result itself; it was ignored. Only the exercise's own check, which runs after your program, decides whether it passes.",
  /** A message from the worker that the page could not read (the program may have posted it). */
  unreadable: (problem: string) => `The page ignored a message from the lab's worker: ${problem}`,
};

/** Titles of the error notice, with the short summary the status line shows. */
export const errorText = {
  prepare: 'The code could not be prepared to run.',
  workerCrashed: 'The lab worker could not start.',
  syntax: (line: number | undefined) => `Syntax error on line ${line ?? '?'}: fix it, then run again.`,
  syntaxLine: (file: string, line: number, message: string) => `${file}, line ${line}: ${message}`,
  backend: (message: string) => `TensorFlow.js could not start a backend: ${message}`,
  program: (name: string, message: string, location: SourceLocation | null) =>
    `${name}${location ? ` on line ${location.line} of ${location.file}` : ''}: ${message}`,
  programSummary: (name: string, location: SourceLocation | null) => (location ? `${name} on line ${location.line}` : name),
  /** Work main started without awaiting it failed after main returned (and before the run counted as done). */
  afterMain: (name: string, message: string, location: SourceLocation | null) =>
    `${name}${location ? ` on line ${location.line} of ${location.file}` : ''}, after main had returned: ${message}. ` +
    'Work that main started without waiting for it (a call without await, a timer) failed; await it, so that the run includes it.',
  afterMainSummary: (name: string, location: SourceLocation | null) =>
    `${location ? `${name} on line ${location.line}` : name} after main returned`,
  workerGone:
    'The lab worker stopped before the program finished: the program closed it (self.close()), or the browser ended it, ' +
    'for instance when it ran out of memory. Press Run to start a fresh one.',
  workerGoneSummary: 'the lab worker stopped before the program finished',
  unreadable:
    "The lab's worker sent a message about the run that the page cannot read, so the page ended the run. " +
    'A program that posts messages to the page itself (postMessage) can cause this.',
  unreadableSummary: "a message from the lab's worker could not be read",
  /** The page's own failure while handling a run (a bug of the course, not of the program). */
  pageFault: 'The page failed while handling this run, so it ended the run. Press Run to try again.',
  pageFaultSummary: 'the page failed while handling the run',
  render: (kind: string) =>
    `The page could not show an output of this run (${kind}), so it ended the run. Press Run to try again.`,
  /** The program posted far more than the output limits allow (past the lab API, which stops at them). */
  flood: (refused: number) =>
    `The program sent more than the page can show: ${refused.toLocaleString('en')} messages past the output limits or unreadable. ` +
    'The page ended the run to stay responsive, and dropped the output it had not shown yet.',
  floodSummary: 'the program sent too much output',
  renderSummary: 'an output could not be shown',
};

/** What the memory line says during and after a run (memory-meter.ts), with the bytes it knows of. */
export interface MemoryReading {
  tensorBytes: number;
  peakTensorBytes: number;
  gpuBytes?: number;
  pageBytes?: number;
  workerBytes?: number;
}

/** The run's memory (memory-budget.ts): the line that keeps it in view, the stop, and a page that died. */
export const memoryText = {
  meter: (reading: MemoryReading, budget: MemoryBudget) =>
    `Tensors: ${formatBytes(reading.tensorBytes)} (peak ${formatBytes(reading.peakTensorBytes)}) of a ` +
    `${formatBytes(budget.tensorBytes)} budget${budget.lowered ? ' (lowered by the page address)' : ''}` +
    (reading.gpuBytes === undefined ? '' : `; ${formatBytes(reading.gpuBytes)} on the GPU`) +
    (reading.pageBytes === undefined
      ? '.'
      : `. The whole page: ${formatBytes(reading.pageBytes)} of ${formatBytes(budget.pageBytes)}` +
        (reading.workerBytes === undefined
          ? '.'
          : `, the lab's worker ${formatBytes(reading.workerBytes)} of ${formatBytes(workerBudget(budget))}.`)),
  overBudget: ({ what, bytes, budget }: BudgetExcess) =>
    `Stopped: ${
      what === 'tensors'
        ? `this run held ${formatBytes(bytes)} of tensors`
        : what === 'gpu'
          ? `this run's tensors took ${formatBytes(bytes)} of GPU memory`
          : what === 'worker'
            ? `the lab's worker held ${formatBytes(bytes)} of memory (JavaScript objects and arrays included)`
            : `this page used ${formatBytes(bytes)} of memory during the run`
    }, over its ${formatBytes(budget)} budget.`,
  overBudgetAdvice:
    'Running out of memory would have closed the tab, and this page with it, so the lab stopped the run first. ' +
    'Free the tensors you no longer need (tf.dispose, or tf.tidy around the work of each step) or use a smaller batch or fewer images, ' +
    'and keep no more JavaScript arrays and objects than you need; ' +
    'the memory line above the output shows what a run holds as it goes.',
  overBudgetSummary: 'over the memory budget',
  lastRunEndedPage: (codeSaved: boolean) =>
    'The last run of this lab ended the page: the tab closed while it ran, probably because it ran out of memory. ' +
    (codeSaved
      ? 'Your code was saved when that run started and is here as it was. '
      : 'Your code could not be saved when that run started (browser storage was full or disabled). ') +
    'Before running it again, free the tensors you no longer need (tf.dispose, tf.tidy) or use a smaller batch.',
};
