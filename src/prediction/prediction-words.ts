/**
 * What a prediction prompt says once a run has measured its figure: the prediction beside the measurement
 * and one line on the gap. Pure, so the wording is pinned by unit tests (tests/unit/prediction-words.test.ts).
 */

/** Where the figure came from: a measurement of this machine, or arithmetic the lab did (the same everywhere). */
export type FigureSource = 'measured' | 'computed';

const sourceWords = { measured: 'this machine measured', computed: 'the lab computed' } satisfies Record<FigureSource, string>;

/** How close counts as "close": within this factor either way (1.25 = within 25 %). */
const closeFactor = 1.25;

/**
 * A number as the learner reads it, in their locale: three significant digits with thousands separators
 * ("1,250", "0.42"), and tiny or huge values in scientific notation ("5.96E-8"), which a fixed notation
 * would show as 0.
 */
export function formatFigure(value: number, locale?: string): string {
  const magnitude = Math.abs(value);
  const scientific = magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e9);
  return new Intl.NumberFormat(locale, {
    maximumSignificantDigits: 3,
    ...(scientific && { notation: 'scientific' as const }),
  }).format(value);
}

/** A figure with its unit: "5×" (a ratio takes no space), "1.7 MB", "256" (no unit). */
export function withUnit(value: number, unit: string, locale?: string): string {
  const number = formatFigure(value, locale);
  if (!unit) return number;
  return unit === '×' ? `${number}×` : `${number} ${unit}`;
}

/**
 * One line on the gap between what the learner predicted and what the run measured. `measured` null means
 * the run found none (no size where the GPU won). Says "close" within 25 %, otherwise how many times too
 * high or too low the prediction was: a factor reads more fairly than a difference across sizes and speeds.
 */
export function gapLine(
  predicted: number,
  measured: number | null,
  unit: string,
  source: FigureSource = 'measured',
  locale?: string,
): string {
  const guess = withUnit(predicted, unit, locale);
  if (measured === null) return `You predicted ${guess}; this run found none.`;
  const result = withUnit(measured, unit, locale);
  const head = `You predicted ${guess}; ${sourceWords[source]} ${result}`;
  if (predicted === measured) return `${head}: spot on.`;
  if (predicted <= 0 || measured <= 0) return `${head}.`;
  const factor = Math.max(predicted / measured, measured / predicted);
  if (factor <= closeFactor) return `${head}: close, within ${Math.round((factor - 1) * 100)} %.`;
  return `${head}: your prediction was ${formatFigure(factor, locale)} times too ${predicted > measured ? 'high' : 'low'}.`;
}

/** What the prompt says when a measurement arrives without a prediction. */
export function unpredictedLine(
  measured: number | null,
  unit: string,
  source: FigureSource = 'measured',
  locale?: string,
): string {
  if (measured === null) return 'This run found none. You made no prediction this time.';
  const words = sourceWords[source];
  return `${words[0]?.toUpperCase()}${words.slice(1)} ${withUnit(measured, unit, locale)}. You made no prediction this time.`;
}
