/**
 * One run of a lab program: a fresh worker, one request, one listener. Stopping terminates the worker,
 * which ends the program whatever it is doing (an endless loop included) and frees its GPU memory.
 */
import LabWorker from './lab-worker.ts?worker';
import { readWorkerMessage, type PageToWorker, type WorkerToPage } from './protocol.ts';

export type RunRequest = Omit<Extract<PageToWorker, { type: 'run' }>, 'type' | 'requestId'>;

/** Called for each message of this run, in order; `onCrash` when the worker itself could not start. */
export interface RunListener {
  onMessage(message: WorkerToPage): void;
  onCrash(reason: string): void;
}

let nextRequestId = 1;

export class WorkerRun {
  readonly #worker: Worker;
  #ended = false;

  constructor(request: RunRequest, listener: RunListener) {
    const requestId = nextRequestId++;
    this.#worker = new LabWorker();
    this.#worker.onmessage = (event: MessageEvent<unknown>) => {
      if (this.#ended) return;
      const message = readWorkerMessage(event.data, requestId);
      if (!message) return;
      if (message.type === 'finished' || message.type === 'failed') this.stop();
      listener.onMessage(message);
    };
    this.#worker.onerror = (event: ErrorEvent) => {
      // The lab worker reports program errors itself; this only fires when the worker script failed.
      event.preventDefault();
      if (this.#ended) return;
      this.stop();
      listener.onCrash(event.message || 'the lab worker failed to start');
    };
    const message: PageToWorker = { type: 'run', requestId, ...request };
    this.#worker.postMessage(message);
  }

  get ended(): boolean {
    return this.#ended;
  }

  stop(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#worker.terminate();
  }
}
