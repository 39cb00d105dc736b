/**
 * The timers a lab program starts, counted, so that work it leaves running is part of its run.
 *
 * A program that calls `setTimeout(() => { throw … }, 500)` and returns used to finish at once: its
 * worker was terminated and the error lost under "Done". With its timers counted, the lab worker waits
 * for the ones still pending when main returns (for a while, `afterMainWaitMs`) so an error they throw is
 * shown at its line, and says which ones it stopped. The browser's own functions are taken when this
 * module loads, before any program ran; the lab worker's own timers use them, and are never counted.
 */

/** The browser's timer functions, as they were before a program could replace them. */
export const ownTimers = {
  setTimeout: globalThis.setTimeout.bind(globalThis),
  clearTimeout: globalThis.clearTimeout.bind(globalThis),
  setInterval: globalThis.setInterval.bind(globalThis),
  clearInterval: globalThis.clearInterval.bind(globalThis),
};

/** How long the worker waits, after main returned, for the timers the program left pending. */
export const afterMainWaitMs = 10_000;

export interface PendingTimers {
  timeouts: number;
  intervals: number;
}

export interface ProgramTimers {
  /** The program's timers that have not run (timeouts) or not been cleared (intervals). */
  pending(): PendingTimers;
  /**
   * Resolves once no timer of the program is pending, or after `limitMs`: then those still pending are
   * cleared, and counted in the result.
   */
  settle(limitMs: number): Promise<PendingTimers>;
}

type TimerHandler = (...args: unknown[]) => void;
type TimerId = ReturnType<typeof ownTimers.setTimeout>;

/** Replaces the global timer functions with ones that count what the program starts. */
export function countProgramTimers(): ProgramTimers {
  // Numbers in a browser; typed as the functions return them, which also covers Node's objects.
  const timeouts = new Set<TimerId>();
  const intervals = new Set<TimerId>();
  let onIdle: (() => void) | undefined;
  const forget = (id: TimerId | undefined) => {
    if (id === undefined) return;
    timeouts.delete(id);
    intervals.delete(id);
    if (timeouts.size === 0 && intervals.size === 0) onIdle?.();
  };
  const global = globalThis as unknown as Record<string, unknown>;

  global.setTimeout = (handler: unknown, delay?: number, ...args: unknown[]): TimerId => {
    // A string handler is code to evaluate, which the site's policy refuses: the browser says so.
    if (typeof handler !== 'function') return ownTimers.setTimeout(handler as TimerHandler, delay, ...args);
    const id = ownTimers.setTimeout(() => {
      forget(id);
      (handler as TimerHandler)(...args);
    }, delay);
    timeouts.add(id);
    return id;
  };
  global.setInterval = (handler: unknown, delay?: number, ...args: unknown[]): TimerId => {
    if (typeof handler !== 'function') return ownTimers.setInterval(handler as TimerHandler, delay, ...args);
    const id = ownTimers.setInterval(() => (handler as TimerHandler)(...args), delay);
    intervals.add(id);
    return id;
  };
  // Each clears either kind of timer, as the browser's do.
  global.clearTimeout = (id?: TimerId) => {
    ownTimers.clearTimeout(id);
    forget(id);
  };
  global.clearInterval = (id?: TimerId) => {
    ownTimers.clearInterval(id);
    forget(id);
  };

  const pending = (): PendingTimers => ({ timeouts: timeouts.size, intervals: intervals.size });
  return {
    pending,
    settle(limitMs) {
      return new Promise((resolve) => {
        const done = () => {
          ownTimers.clearTimeout(limit);
          onIdle = undefined;
          const left = pending();
          for (const id of timeouts) ownTimers.clearTimeout(id);
          for (const id of intervals) ownTimers.clearInterval(id);
          timeouts.clear();
          intervals.clear();
          resolve(left);
        };
        const limit = ownTimers.setTimeout(done, limitMs);
        onIdle = done;
        if (timeouts.size === 0 && intervals.size === 0) done();
      });
    },
  };
}
