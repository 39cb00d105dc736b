/** What the lab worker says in the output when main returns with timers still pending (program-timers.ts). */
import { formatDuration, plural } from '../shared/number-text.ts';
import type { PendingTimers } from './program-timers.ts';

function timerCount({ timeouts, intervals }: PendingTimers): string {
  const parts = [
    timeouts > 0 ? `${timeouts} ${plural(timeouts, 'timer (setTimeout)', 'timers (setTimeout)')}` : '',
    intervals > 0 ? `${intervals} ${plural(intervals, 'interval (setInterval)', 'intervals (setInterval)')}` : '',
  ];
  return parts.filter(Boolean).join(' and ');
}

export const timerText = {
  waiting: (pending: PendingTimers, waitMs: number) =>
    `main returned with ${timerCount(pending)} still pending. The run waits for ${plural(pending.timeouts + pending.intervals, 'it', 'them')} ` +
    `(up to ${formatDuration(waitMs)}), so that an error ${plural(pending.timeouts + pending.intervals, 'it throws', 'they throw')} is shown.`,
  stopped: (left: PendingTimers, waitMs: number) =>
    `Stopped ${timerCount(left)} still pending ${formatDuration(waitMs)} after main returned. ` +
    'To make such work part of the run, await it in main (await new Promise((resolve) => setTimeout(resolve, ms))), ' +
    'and clear an interval with clearInterval once it is done.',
};
