/**
 * Lab workers: one ready in advance, one used per run.
 *
 * Starting a worker means loading TensorFlow.js into it, the slowest part of pressing Run. So the page
 * keeps one warm worker (TensorFlow.js loaded, no backend chosen yet): made when a lab nears the viewport
 * or is pressed, handed to the next run, and replaced once that run has shown its first output (not
 * before: on a two-core laptop the replacement would slow the run's start). A run still gets a worker
 * nobody used before, and ending the run (finished, failed, or Stop) terminates it, which ends the
 * program whatever it is doing (an endless loop included) and frees its GPU memory.
 */
import labWorkerUrl from './lab-worker.ts?worker&url';
import { startWorkerUnderPagePolicy } from './worker-under-page-policy.ts';
import { InvalidMessageError, readWorkerMessage, type PageToWorker, type WorkerToPage } from './protocol.ts';

export type RunRequest = Omit<Extract<PageToWorker, { type: 'run' }>, 'type' | 'requestId'>;

/** What a run tells the page, in order, until its signal is aborted. */
export interface RunListener {
  onMessage(message: WorkerToPage): void;
  /** A message of this run that the page could not read (the program may have posted it itself). */
  onUnreadable(problem: string): void;
  /** The worker itself failed (its script did not load). */
  onCrash(reason: string): void;
}

let warm: Worker | undefined;

function startWorker(): Worker {
  const worker = startWorkerUnderPagePolicy(labWorkerUrl);
  // A worker whose script failed to load while it waited is no use to the next run: forget it.
  worker.addEventListener('error', () => {
    if (warm === worker) warm = undefined;
  });
  return worker;
}

/** Starts the next run's worker now, so it has loaded TensorFlow.js by the time Run is pressed. */
export function prepareWorker(): void {
  warm ??= startWorker();
}

/** The warm worker, or a new one when there is none. */
function takeWorker(): Worker {
  const worker = warm ?? startWorker();
  warm = undefined;
  return worker;
}

let nextRequestId = 1;

/**
 * Runs `request` in a worker until it finishes or fails, or until `signal` aborts (Stop): then the worker
 * is terminated and nothing more of this run reaches `listener`.
 */
export function startRun(request: RunRequest, signal: AbortSignal, listener: RunListener): void {
  if (signal.aborted) return;
  const requestId = nextRequestId++;
  const worker = takeWorker();
  // Ended by the caller (Stop) or by the run's last message.
  const ended = new AbortController();
  const end = () => ended.abort();
  signal.addEventListener('abort', end, { once: true });
  ended.signal.addEventListener(
    'abort',
    () => {
      signal.removeEventListener('abort', end);
      worker.terminate();
      prepareWorker();
    },
    { once: true },
  );
  worker.onmessage = (event: MessageEvent<unknown>) => {
    if (ended.signal.aborted) return;
    let message: WorkerToPage | null;
    try {
      message = readWorkerMessage(event.data, requestId);
    } catch (error) {
      if (!(error instanceof InvalidMessageError)) throw error;
      listener.onUnreadable(error.message);
      return;
    }
    if (!message) return;
    if (message.type === 'finished' || message.type === 'failed') end();
    // The run has started to answer: time to warm up the next run's worker.
    else if (message.type === 'output') prepareWorker();
    listener.onMessage(message);
  };
  worker.onerror = (event: ErrorEvent) => {
    // The lab worker reports program errors itself; this only fires when the worker script failed.
    event.preventDefault();
    if (ended.signal.aborted) return;
    end();
    listener.onCrash(event.message || 'the lab worker failed to start');
  };
  const message: PageToWorker = { type: 'run', requestId, ...request };
  worker.postMessage(message);
}
