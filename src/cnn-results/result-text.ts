/**
 * How the CNN results table writes its figures and dates, in the learner's locale: numbers with thousands
 * separators ("50,000", "1,252.4"), a run's time as the learner's clock shows it ("2 Mar 2026, 09:30"), never
 * a raw ISO timestamp. Pure, so the wording is pinned by unit tests (tests/unit/cnn-result-text.test.ts).
 * `locale` is left out in the page (the browser's own) and fixed at build time and in tests.
 */
import type { SavedRow } from '../../labs/api/cnn-report.ts';
import type { Cell } from '../../labs/api/index.ts';

/**
 * A cell of the table: text as it is; numbers with separators, to the precision the lab's own tables use
 * (formatNumber in the lab runtime): whole numbers whole, others to four significant digits, one decimal
 * from 1,000 on.
 */
export function resultCell(value: Cell | undefined, locale?: string): string {
  if (typeof value !== 'number') return String(value ?? '');
  if (!Number.isFinite(value)) return String(value);
  const precision: Intl.NumberFormatOptions = Number.isInteger(value)
    ? { maximumFractionDigits: 0 }
    : Math.abs(value) >= 1000
      ? { maximumFractionDigits: 1 }
      : { maximumSignificantDigits: 4 };
  return new Intl.NumberFormat(locale, precision).format(value);
}

/** When a run was saved, in the learner's locale and time zone; text that is not a date is shown as it is. */
export function runTime(iso: string, locale?: string, timeZone?: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(time);
}

/** The index of the fastest run (most images per second; the newest of equals), or -1 for none. */
export function fastestRun(rows: readonly Pick<SavedRow, 'images/s'>[]): number {
  let best = -1;
  rows.forEach((row, index) => {
    if (best === -1 || row['images/s'] >= (rows[best]?.['images/s'] ?? 0)) best = index;
  });
  return best;
}
