/** `lab.time`: a measured median, with how it was measured. */
import type { Timing } from '../../../labs/api/index.ts';
import { formatDuration } from '../shared/number-text.ts';
import { outputLimits } from '../shared/output-limit.ts';
import { textLine } from './log.ts';
import type { OutputKind } from './output-kind.ts';

export interface TimingOutput {
  kind: 'timing';
  timing: Timing;
  /** The backend that ran the work. */
  backend: string;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function timingText({ timing, backend }: TimingOutput): string {
  return `${timing.label}: ${formatDuration(timing.medianMs)} (median of ${plural(timing.runsMs.length, 'run')} after ${plural(timing.warmup, 'warm-up')}, ${backend})`;
}

export const timingKind: OutputKind<TimingOutput> = {
  read: (fields) => ({
    kind: 'timing',
    timing: fields.object('timing', (timing) => ({
      label: timing.label('label'),
      medianMs: timing.number('medianMs'),
      runsMs: timing.numbers('runsMs', outputLimits.timingRuns),
      warmup: timing.count('warmup'),
    })),
    backend: fields.label('backend'),
  }),
  render(output, view) {
    view.append(textLine(timingText(output), 'timing'));
  },
};
