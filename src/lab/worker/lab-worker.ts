/**
 * The lab worker: one per run. The page starts it ahead of the run (worker-run.ts), so TensorFlow.js is
 * loaded by the time the run request arrives; then it sets up the backend, links the learner's compiled
 * files into modules, calls the program's default export with the lab API, and reports the outcome. The
 * page stops a run by terminating this worker, which ends even `while (true) {}` at once.
 */
import * as tf from '@tensorflow/tfjs';
import type { Lab } from '../../../labs/api/index.ts';
import type { PageToWorker, RunPhase, WorkerToPage } from '../shared/protocol.ts';
import { createLab, type EmitOutput } from './create-lab.ts';
import { createOutputTap } from '../exercise/exercise-harness.ts';
import { loadCheck, runProgramWithCheck } from '../exercise/exercise-run.ts';
import { lockExerciseRealm } from '../exercise/exercise-lockdown.ts';
import { setUpBackend, switchBackend } from './backend-setup.ts';
import { createBrowserDataHost } from './data-host-browser.ts';
import { linkProgram, reexportModuleSource } from './module-linker.ts';
import { limitOutput } from '../shared/output-gate.ts';
import { watchTensorMemory } from './memory-watch.ts';
import { serializeError } from './serialize-error.ts';
import { formatLogLine } from './format-value.ts';
import { blockedRequestFrom, blockedRequestText, networkBlockMessage, type BlockedRequest } from './network-block-message.ts';
import { lockDownWorker } from './worker-lockdown.ts';
import { afterMainWaitMs, countProgramTimers, ownTimers } from './program-timers.ts';
import { timerText } from './timer-words.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const tfjsGlobalKey = 'course-lab:@tensorflow/tfjs';

type LabProgram = (lab: Lab) => unknown;

/**
 * Taken before any lab program runs: a program that replaces `self.postMessage` neither sees what the
 * worker posts (an exercise's secret) nor changes it.
 */
const postToPage = scope.postMessage.bind(scope);

/** Taken before the lockdown below removes `navigator.locks` from the program's reach (see holdLifeLock). */
const locks = (navigator as Partial<Navigator>).locks;

/**
 * No program may reach the site's storage (worker-lockdown.ts). Nothing this worker loads later needs it:
 * TensorFlow.js and its backends use no storage, the data host took its own Cache Storage when its module
 * loaded (data-host-browser.ts), and the WASM backend's thread workers start locked down too.
 */
lockDownWorker();

function post(message: WorkerToPage): void {
  postToPage(message);
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

/** The run in progress: which one, where its files are, and what it is doing (the phase a failure is reported in). */
let activeRun: { requestId: number; fileByUrl: Map<string, string>; phase: RunPhase } | undefined;

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
  ownTimers.setTimeout(() => {
    // serializeError never throws and makes plain strings, so the page always hears how the run ended.
    const error = serializeError(thrown, fileByUrl);
    let blocked: string | null = null;
    try {
      blocked = networkBlockMessage(thrown, { origin: scope.location.origin, blocked: blockedRequests });
    } catch {
      // A thrown value that cannot be inspected is no refused request.
    }
    post({ type: 'failed', requestId, phase, error: blocked ? { ...error, message: blocked } : error });
  }, 0);
}

/**
 * Holds a lock named by the page for as long as this worker lives. The browser releases it when the
 * worker ends for any reason (the program called `self.close()`, the browser killed it for memory), and
 * the page, queued for the same lock, learns that the run's worker is gone (worker-run.ts). Resolves once
 * the lock is held; at once where the browser has no Web Locks (the page then does not wait either).
 */
function holdLifeLock(name: string): Promise<void> {
  if (!locks) return Promise.resolve();
  return new Promise((held) => {
    locks
      .request(name, () => {
        held();
        return new Promise<never>(() => undefined);
      })
      .catch(() => held());
  });
}

/**
 * Waits two turns of the event loop: work `main` started without awaiting it that fails straight away
 * (a rejected promise nobody handles, a zero-delay timer) is reported before the run counts as finished.
 */
function settle(): Promise<void> {
  return new Promise((resolve) => ownTimers.setTimeout(() => ownTimers.setTimeout(resolve, 0), 0));
}

async function run(request: Extract<PageToWorker, { type: 'run' }>): Promise<void> {
  const { requestId } = request;
  activeRun = { requestId, fileByUrl: new Map(), phase: 'backend' };
  await holdLifeLock(request.lifeLock);
  post({ type: 'started', requestId });
  const limited = limitOutput((output) => post({ type: 'output', requestId, output }));
  // An exercise's harness sees every output the program shows, console lines included.
  const tap = request.exercise ? createOutputTap(limited) : null;
  const emit = tap?.emit ?? limited;
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

    activeRun.phase = 'program';
    // From here on, the timers the program starts are counted (and waited for after main returns).
    const timers = countProgramTimers();
    try {
      // Before the program's modules run their top-level code: what the check relies on stays as it is now.
      if (request.exercise) lockExerciseRealm(tf);
      const linked = linkProgram(request.files, request.entry, { '@tensorflow/tfjs': tfjsUrl }, apiUrl);
      activeRun.fileByUrl = linked.fileByUrl;
      const program = (await import(/* @vite-ignore */ linked.entryUrl)) as Record<string, unknown>;
      const main = program.default;
      if (typeof main !== 'function') {
        throw new Error(
          `${request.entry} has no default export to run. A lab program exports its work as ` +
            '`export default async function main(lab: Lab) { … }`.',
        );
      }
      if (request.exercise && tap) {
        const { secret } = request.exercise;
        const check = await loadCheck(request.exercise.check, tfjsUrl, moduleUrl);
        const { result, programError } = await runProgramWithCheck({ program, check, lab, tap, tf });
        post({ type: 'exercise-result', requestId, secret, requirements: result.requirements });
        // The checks are in; the program's own error is still shown at its line.
        if (programError) throw programError.thrown;
      } else {
        await (main as LabProgram)(lab);
      }
    } catch (error) {
      fail('program', error);
      return;
    } finally {
      unwatch();
    }

    const elapsedMs = performance.now() - started;
    const after = tf.memory();
    activeRun.phase = 'after-main';
    await settle();
    // Work main left running failed meanwhile, and that was reported instead.
    if (activeRun?.requestId !== requestId) return;
    const pending = timers.pending();
    if (pending.timeouts + pending.intervals > 0) {
      emit({ kind: 'log', level: 'info', text: timerText.waiting(pending, afterMainWaitMs) });
      const left = await timers.settle(afterMainWaitMs);
      // A timer's error ends the run where it is thrown (the error listener below).
      if (activeRun?.requestId !== requestId) return;
      if (left.timeouts + left.intervals > 0)
        emit({ kind: 'log', level: 'warn', text: timerText.stopped(left, afterMainWaitMs) });
      await settle();
      if (activeRun?.requestId !== requestId) return;
    }
    post({
      type: 'finished',
      requestId,
      elapsedMs,
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

// Errors thrown from callbacks (setTimeout, a promise nobody awaited) escape `run`; report them too,
// also those that come after main returned and before the run counts as finished (see settle).
const uncaughtPhase = (): RunPhase => (activeRun?.phase === 'after-main' ? 'after-main' : 'program');
scope.addEventListener('error', (event) => {
  event.preventDefault();
  fail(uncaughtPhase(), event.error ?? new Error(event.message));
});
scope.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  fail(uncaughtPhase(), event.reason);
});
