/**
 * Lab workers: one ready in advance, one used per run.
 *
 * Starting a worker means loading TensorFlow.js into it, the slowest part of pressing Run. So the page
 * keeps one warm worker (TensorFlow.js loaded, no backend chosen yet): made when a lab nears the viewport
 * or is pressed, handed to the next run, and replaced once that run has shown its first output (not
 * before: on a two-core laptop the replacement would slow the run's start). A run still gets a worker
 * nobody used before, and ending the run (finished, failed, or Stop) terminates it, which ends the
 * program whatever it is doing (an endless loop included) and frees its GPU memory.
 *
 * A run always ends, with an explanation when it did not finish: the worker's script failed, the worker
 * ended without a word (`self.close()`, killed by the browser: its life lock is released, see
 * `watchWorkerLife`), it sent a message about the run that the page cannot read, or the page itself
 * failed while handling one.
 */
import labWorkerUrl from '../worker/lab-worker.ts?worker&url';
import { startWorkerUnderPagePolicy } from './worker-under-page-policy.ts';
import { InvalidMessageError, readWorkerMessage, type PageToWorker, type WorkerToPage } from '../shared/protocol.ts';

export type RunRequest = Omit<Extract<PageToWorker, { type: 'run' }>, 'type' | 'requestId' | 'lifeLock'>;

/** The messages of a run the page acts on (`started` is this module's business). */
export type RunMessage = Exclude<WorkerToPage, { type: 'started' }>;

/** Why a run ended without `finished` or `failed`. */
export type RunBreak =
  /** The worker's script failed (it did not load, or threw where the lab worker could not catch it). */
  | { cause: 'worker-failed'; detail: string }
  /** The worker ended without finishing the run: the program closed it, or the browser ended it. */
  | { cause: 'worker-gone' }
  /** The worker sent a message about the run (not an output) that the page cannot read. */
  | { cause: 'unreadable'; detail: string }
  /** The page threw while handling a message of the run. */
  | { cause: 'page'; error: unknown };

/** What a run tells the page, in order, until its signal is aborted. */
export interface RunListener {
  onMessage(message: RunMessage): void;
  /** An output of this run that the page could not read (the program may have posted it itself); the run goes on. */
  onUnreadable(problem: string): void;
  /** The run has ended (its worker is terminated) without finishing or failing the normal way. */
  onBreak(reason: RunBreak): void;
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

/** A lock name no other run, in this tab or another, uses. */
function lifeLockName(requestId: number): string {
  return `course-lab-run:${Date.now().toString(36)}:${Math.random().toString(36).slice(2)}:${requestId}`;
}

/**
 * Calls `onGone` when the worker holding lock `name` ends, unless `ended` aborts first: the browser
 * releases a worker's locks when it ends, whatever the reason, and grants them to whoever queued next.
 */
function watchWorkerLife(name: string, ended: AbortSignal, onGone: () => void): void {
  const locks = (navigator as Partial<Navigator>).locks;
  if (!locks || ended.aborted) return;
  locks
    .request(name, { signal: ended }, () => {
      if (!ended.aborted) onGone();
    })
    .catch(() => undefined);
}

function isOutputMessage(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'output';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs `request` in a worker until it finishes or fails, or until `signal` aborts (Stop): then the worker
 * is terminated and nothing more of this run reaches `listener`.
 */
export function startRun(request: RunRequest, signal: AbortSignal, listener: RunListener): void {
  if (signal.aborted) return;
  const requestId = nextRequestId++;
  const lifeLock = lifeLockName(requestId);
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
      // Messages it posted before it ended may still be queued (a flood, thousands): let them pass unread.
      worker.onmessage = null;
      worker.onerror = null;
      prepareWorker();
    },
    { once: true },
  );
  const broken = (reason: RunBreak) => {
    end();
    listener.onBreak(reason);
  };
  let watching = false;
  worker.onmessage = (event: MessageEvent<unknown>) => {
    if (ended.signal.aborted) return;
    let message: WorkerToPage | null;
    try {
      message = readWorkerMessage(event.data, requestId);
    } catch (error) {
      // A bad output is left out and the run goes on; without a readable `finished` or `failed` it could not end.
      if (error instanceof InvalidMessageError && isOutputMessage(event.data)) listener.onUnreadable(error.message);
      else broken({ cause: 'unreadable', detail: describe(error) });
      return;
    }
    if (!message) return;
    if (message.type === 'started') {
      if (!watching) watchWorkerLife(lifeLock, ended.signal, () => broken({ cause: 'worker-gone' }));
      watching = true;
      return;
    }
    if (message.type === 'finished' || message.type === 'failed') end();
    // The run has started to answer: time to warm up the next run's worker.
    else if (message.type === 'output') prepareWorker();
    try {
      listener.onMessage(message);
    } catch (error) {
      broken({ cause: 'page', error });
    }
  };
  worker.onerror = (event: ErrorEvent) => {
    // The lab worker reports program errors itself; this only fires when the worker script failed.
    event.preventDefault();
    if (ended.signal.aborted) return;
    broken({ cause: 'worker-failed', detail: event.message || 'the lab worker failed to start' });
  };
  const message: PageToWorker = { type: 'run', requestId, lifeLock, ...request };
  worker.postMessage(message);
}
