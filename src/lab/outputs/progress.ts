/**
 * `lab.progress`: a bar that the program moves ('progress' outputs with the same id update one bar),
 * with the amount done in the bar's unit and an estimate of the time left.
 */
import type { ProgressUnit } from '../../../labs/api/index.ts';
import { formatDuration } from '../shared/number-text.ts';
import { namesOf } from './fields.ts';
import { element, type OutputKind, type OutputView } from './output-kind.ts';
import './progress.css';

export interface ProgressOutput {
  kind: 'progress';
  progressId: number;
  label: string;
  done: number;
  total: number;
  /** The estimated time left, or null before the first step is done. */
  etaMs: number | null;
  unit: ProgressUnit;
}

const progressUnits = namesOf<ProgressUnit>({ steps: true, bytes: true, images: true });

const wholeNumber = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

function megabytes(bytes: number, digits: number): string {
  return (bytes / 1_000_000).toFixed(digits);
}

/** The amount shown next to the bar: "3 / 10", "1.2 of 4.4 MB", "2,000 of 5,000 images". */
export function formatProgressAmount(done: number, total: number, unit: ProgressUnit): string {
  switch (unit) {
    case 'bytes': {
      if (total < 1_000_000) return `${(done / 1000).toFixed(1)} of ${(total / 1000).toFixed(1)} kB`;
      // Below 10 MB a decimal place is worth showing; above, it only flickers.
      const digits = total < 10_000_000 ? 1 : 0;
      return `${megabytes(done, digits)} of ${megabytes(total, digits)} MB`;
    }
    case 'images':
      return `${wholeNumber.format(done)} of ${wholeNumber.format(total)} images`;
    case 'steps':
      return `${done} / ${total}`;
  }
}

/** `done` and `total` as a bar can show them: finite, 0 ≤ done ≤ total. */
function clampedProgress({ done, total }: Pick<ProgressOutput, 'done' | 'total'>): { done: number; total: number } {
  const safeTotal = Number.isFinite(total) ? Math.max(0, total) : 0;
  return { done: Number.isFinite(done) ? Math.min(Math.max(0, done), safeTotal) : 0, total: safeTotal };
}

/** The whole text beside the bar. */
export function progressText(output: Pick<ProgressOutput, 'done' | 'total' | 'etaMs' | 'unit'>): string {
  const { done, total } = clampedProgress(output);
  const amount = formatProgressAmount(done, total, output.unit);
  if (done >= total) return `${amount} · done`;
  return output.etaMs === null || !Number.isFinite(output.etaMs)
    ? amount
    : `${amount} · about ${formatDuration(output.etaMs)} left`;
}

interface ProgressBar {
  bar: HTMLProgressElement;
  text: HTMLElement;
}

/** This run's bars by id. */
const barsKey = Symbol('progress bars');

function barFor(output: ProgressOutput, view: OutputView): ProgressBar {
  const bars = view.state(barsKey, () => new Map<number, ProgressBar>());
  const existing = bars.get(output.progressId);
  if (existing) return existing;
  const row = element('div', 'lab-progress');
  const bar = element('progress');
  bar.setAttribute('aria-label', output.label);
  const text = element('span', 'lab-progress-text');
  row.append(element('span', 'lab-progress-label', output.label), bar, text);
  view.append(row);
  const created = { bar, text };
  bars.set(output.progressId, created);
  return created;
}

export const progressKind: OutputKind<ProgressOutput> = {
  read: (fields) => ({
    kind: 'progress',
    progressId: fields.count('progressId'),
    label: fields.label('label'),
    done: fields.number('done'),
    total: fields.number('total'),
    etaMs: fields.nullableNumber('etaMs'),
    unit: fields.oneOf('unit', progressUnits),
  }),
  render(output, view) {
    const { bar, text } = barFor(output, view);
    const { done, total } = clampedProgress(output);
    bar.max = total || 1;
    bar.value = done;
    text.textContent = progressText(output);
  },
  replaces: (output) => `progress ${output.progressId}`,
};
