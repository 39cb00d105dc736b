/**
 * The lab worker: one per run. The page starts it ahead of the run (worker-run.ts), so TensorFlow.js is
 * loaded by the time the run request arrives; then it sets up the backend, links the learner's compiled
 * files into modules, calls the program's default export with the lab API, and reports the outcome. The
 * page stops a run by terminating this worker, which ends even `while (true) {}` at once.
 */
import * as tf from '@tensorflow/tfjs';
import type { Lab } from '../../labs/api/index.ts';
import type { PageToWorker, RunPhase, WorkerToPage } from './protocol.ts';
import { createLab, type EmitOutput } from './create-lab.ts';
import { setUpBackend, switchBackend } from './backend-setup.ts';
import { createBrowserDataHost } from './data-host-browser.ts';
import { linkProgram, reexportModuleSource } from './module-linker.ts';
import { limitOutput } from './output-limit.ts';
import { watchTensorMemory } from './memory-watch.ts';
import { serializeError } from './serialize-error.ts';
import { formatLogLine } from './format-value.ts';
import { blockedRequestFrom, blockedRequestText, networkBlockMessage, type BlockedRequest } from './network-block-message.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const tfjsGlobalKey = 'course-lab:@tensorflow/tfjs';

type LabProgram = (lab: Lab) => unknown;

function post(message: WorkerToPage): void {
  scope.postMessage(message);
}

function moduleUrl(code: string): string {
  return URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
}

/** Learners reach for console.log, and tfjs warns through console: both belong in the output panel. */
function redirectConsole(emit: EmitOutput): void {
  const levels = { log: 'info', info: 'info', debug: 'info', warn: 'warn', error: 'error' } as const;
  for (const method of Object.keys(levels) as (keyof typeof levels)[]) {
    const level = levels[method];
    console[method] = (...values: unknown[]) => emit({ kind: 'log', level, text: formatLogLine(values) });
  }
}

/**
 * The modules a program imports besides its own files, made (and the TensorFlow.js one evaluated) while
 * the worker waits for its run: '@tensorflow/tfjs' re-exports this worker's own engine, so the program
 * and the lab API share one backend; the lab API is types only, so its module is empty.
 */
(globalThis as Record<symbol, unknown>)[Symbol.for(tfjsGlobalKey)] = tf;
const tfjsUrl = moduleUrl(reexportModuleSource(tfjsGlobalKey, Object.keys(tf)));
const apiUrl = moduleUrl('export {};');
void import(/* @vite-ignore */ tfjsUrl);

let activeRun: { requestId: number; fileByUrl: Map<string, string> } | undefined;

/** Requests the site's Content-Security-Policy refused during this worker's run (one run per worker). */
const blockedRequests: BlockedRequest[] = [];

scope.addEventListener('securitypolicyviolation', (event) => {
  const request = blockedRequestFrom(event);
  if (!request) return;
  blockedRequests.push(request);
  // Said once per run, also when the program catches the error and carries on.
  if (activeRun && blockedRequests.length === 1) {
    post({
      type: 'output',
      requestId: activeRun.requestId,
      output: { kind: 'log', level: 'warn', text: blockedRequestText(request) },
    });
  }
});

function fail(phase: RunPhase, thrown: unknown): void {
  if (!activeRun) return;
  const { requestId, fileByUrl } = activeRun;
  activeRun = undefined;
  // A refused request's securitypolicyviolation event arrives a task after the request itself fails.
  setTimeout(() => {
    const error = serializeError(thrown, fileByUrl);
    const blocked = networkBlockMessage(thrown, { origin: scope.location.origin, blocked: blockedRequests });
    post({ type: 'failed', requestId, phase, error: blocked ? { ...error, message: blocked } : error });
  }, 0);
}

async function run(request: Extract<PageToWorker, { type: 'run' }>): Promise<void> {
  const { requestId } = request;
  activeRun = { requestId, fileByUrl: new Map() };
  const emit = limitOutput((output) => post({ type: 'output', requestId, output }));
  redirectConsole(emit);

  try {
    const setup = await setUpBackend(request.backend);
    const lab = createLab(emit, {
      requested: request.backend,
      description: setup.description,
      switchBackend,
      data: createBrowserDataHost(request.dataUrl),
    });
    post({ type: 'backend-ready', requestId, device: lab.device(), fallbackReason: setup.fallbackReason });

    const before = tf.memory();
    const started = performance.now();
    // Samples for the page's memory line; past the budget the program is stopped where it allocates.
    const unwatch = watchTensorMemory(request.memoryBudget, (sample) => post({ type: 'memory', requestId, ...sample }));

    try {
      const linked = linkProgram(request.files, request.entry, { '@tensorflow/tfjs': tfjsUrl }, apiUrl);
      activeRun.fileByUrl = linked.fileByUrl;
      const program: Record<string, unknown> = await import(/* @vite-ignore */ linked.entryUrl);
      const main = program.default;
      if (typeof main !== 'function') {
        throw new Error(
          `${request.entry} has no default export to run. A lab program exports its work as ` +
            '`export default async function main(lab: Lab) { … }`.',
        );
      }
      await (main as LabProgram)(lab);
    } catch (error) {
      fail('program', error);
      return;
    } finally {
      unwatch();
    }

    const after = tf.memory();
    post({
      type: 'finished',
      requestId,
      elapsedMs: performance.now() - started,
      memory: { numTensors: after.numTensors, numBytes: after.numBytes, numDataBuffers: after.numDataBuffers },
      leakedTensors: after.numTensors - before.numTensors,
      leakedBytes: after.numBytes - before.numBytes,
    });
    activeRun = undefined;
  } catch (error) {
    fail('backend', error);
  }
}

scope.addEventListener('message', (event: MessageEvent<PageToWorker>) => {
  if (event.data.type === 'run' && !activeRun) void run(event.data);
});

// Errors thrown from callbacks (setTimeout, a promise nobody awaited) escape `run`; report them too.
scope.addEventListener('error', (event) => {
  event.preventDefault();
  fail('program', event.error ?? new Error(event.message));
});
scope.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  fail('program', event.reason);
});
