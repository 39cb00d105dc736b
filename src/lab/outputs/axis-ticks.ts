/**
 * What a lab chart writes on its axes, decided here so the rules are unit-tested without a canvas
 * (tests/unit/lab-axis-ticks.test.ts); src/lab/page/chart-view.ts hands them to Chart.js.
 *
 * - Numbers stay short and flat: 205,102,080 becomes "205M", never a rotated 10-digit label.
 * - A log axis labels 1, 2 and 5 of each power of ten (only 1 over a wide range); the ticks between keep
 *   their grid line but no text, so labels do not collide and none is skipped at random.
 * - An axis with a handful of measured positions (widths 1, 2, 4, 8; matrix sizes 32 to 512) puts its
 *   ticks exactly there, where a learner looks for them.
 * - An axis whose values are all whole numbers (epochs) gets whole-number ticks only: no "epoch 1.5".
 */

/** At most this many distinct positions on a log axis get a tick each (more would crowd it). */
export const maxDataTicks = 12;

const units = [
  { value: 1e12, suffix: 'T' },
  { value: 1e9, suffix: 'G' },
  { value: 1e6, suffix: 'M' },
  { value: 1e3, suffix: 'k' },
] as const;

/** At most three significant digits, without trailing zeros: 205, 12.5, 0.125. */
function short(value: number): string {
  if (value === 0) return '0';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return String(Number(value.toFixed(digits)));
}

/**
 * A tick's text: "1k", "10M", "1.2G" from 10,000 on; "1,024", "250", "0.05" below (a size like 1,024 reads
 * better whole than as "1.02k").
 */
export function tickText(value: number): string {
  if (!Number.isFinite(value)) return '';
  const magnitude = Math.abs(value);
  if (magnitude >= 10_000) {
    const unit = units.find((candidate) => magnitude >= candidate.value) ?? units[units.length - 1];
    return `${short(value / unit.value)}${unit.suffix}`;
  }
  if (magnitude >= 1000) return Math.round(value).toLocaleString('en');
  return short(value);
}

/** A log axis spanning more powers of ten than this labels only the powers themselves (1, 10, 100…). */
export const maxDecadesWithSteps = 3;

/**
 * Whether a log axis from `min` to `max` labels `value`: mantissa 1, 2 or 5, or 1 alone over more than
 * `maxDecadesWithSteps` powers of ten; the rest keep a grid line only.
 */
export function labelsLogTick(value: number, min = value, max = value): boolean {
  if (!(value > 0)) return false;
  const mantissa = value / 10 ** Math.floor(Math.log10(value) + 1e-9);
  const wide = min > 0 && Math.log10(max / min) > maxDecadesWithSteps;
  return (wide ? [1] : [1, 2, 5]).some((wanted) => Math.abs(mantissa - wanted) < 1e-6);
}

/** The distinct values of `values`, sorted, when there are few enough to be an axis's ticks; else null. */
export function dataTicks(values: Iterable<number>): number[] | null {
  const distinct = [...new Set([...values].filter((value) => Number.isFinite(value)))].sort((a, b) => a - b);
  return distinct.length > 0 && distinct.length <= maxDataTicks ? distinct : null;
}

/** Whether every value is a whole number, so the axis should show whole-number ticks only. */
export function allWhole(values: Iterable<number>): boolean {
  let any = false;
  for (const value of values) {
    if (!Number.isInteger(value)) return false;
    any = true;
  }
  return any;
}
