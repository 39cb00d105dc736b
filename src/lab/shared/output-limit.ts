/**
 * How much one run may show, in one place. A program stuck in `while (true) lab.table(rows)`, or one that
 * posts messages straight to the page, must not bury the page: every kind of output is capped per run,
 * in count (below) and in size (each string, each table), and long text is cut with a note saying how
 * much was cut. labs/README.md, "Output limits", says what a learner sees when a cap is hit.
 *
 * The caps hold twice: the lab API applies them in the worker (create-lab.ts, lab-worker.ts), so an
 * honest program never sends more than the page shows, and the page applies them again to what arrives
 * (the readers in outputs/, `OutputGate` of output-gate.ts in lab-client.ts), so messages the program forges count too.
 * Pure: no DOM, no TensorFlow.js, so the worker, the page and Node share it.
 */

export const outputLimits = {
  /** Lines of text per run: `lab.log`, `console.*`, `lab.time` and `lab.memory` lines together. */
  lines: 5_000,
  /** Tables per run. */
  tables: 50,
  /** Rows a table shows; the rest are counted under it. */
  tableRows: 500,
  /** Columns a table shows (so a table has at most 10,000 cells). */
  tableColumns: 20,
  /** Line and bar charts per run. */
  charts: 50,
  /** Lines in one line chart, bars in one bar chart. */
  chartSeries: 20,
  chartBars: 100,
  /**
   * Points added to line charts per run, each value of each series counted (a chart also keeps at most
   * 10,000 points per line). 50 charts of 20 lines of 100 points fit; the page keeps them all in memory
   * and draws only what is on screen, a few points per pixel (outputs/line-chart.ts).
   */
  chartPoints: 100_000,
  /** Progress bars per run, and updates of them (the API sends at most 10 a second per bar). */
  progressBars: 100,
  progressUpdates: 100_000,
  /** Download links per run, and the text of each. */
  downloads: 20,
  downloadChars: 10_000_000,
  /** Characters of one line of text, error message, notice or stack trace. */
  textChars: 20_000,
  /** Characters of a title, label, column or series name, unit or file name. */
  labelChars: 500,
  /** Characters of one table cell. */
  cellChars: 1_000,
  /** Timed runs `lab.time` reports one by one. */
  timingRuns: 1_000,
  /** Unreadable messages the page mentions in the output; later ones are only counted. */
  unreadableNotices: 10,
  /**
   * Messages past the caps (or unreadable) after which the page ends the run: only a program that posts
   * to the page itself, bypassing the lab API, gets there.
   */
  floodMessages: 2_000,
} as const;

/** What each kind of output counts against. */
export type LimitGroup = 'lines' | 'tables' | 'charts' | 'chartPoints' | 'progressBars' | 'progressUpdates' | 'downloads';

const whole = new Intl.NumberFormat('en');

/** What went past a cap, as the learner reads it after "Output limit reached: ". */
const groupWords = {
  lines: (cap: number) => `more than ${whole.format(cap)} lines were logged, so the rest are dropped.`,
  tables: (cap: number) => `more than ${whole.format(cap)} tables were shown, so the rest are dropped.`,
  charts: (cap: number) => `more than ${whole.format(cap)} charts were drawn, so the rest are dropped.`,
  chartPoints: (cap: number) => `more than ${whole.format(cap)} points were added to charts, so the rest are dropped.`,
  progressBars: (cap: number) => `more than ${whole.format(cap)} progress bars were started, so the rest are not shown.`,
  progressUpdates: (cap: number) => `progress bars were updated more than ${whole.format(cap)} times, so they stop moving.`,
  downloads: (cap: number) => `more than ${whole.format(cap)} downloads were offered, so the rest are dropped.`,
} satisfies Record<LimitGroup, (cap: number) => string>;

export const limitText = {
  /** Said once per group and run, by the worker (as a log line) and by the page (as a notice). */
  reached: (group: LimitGroup, cap: number) => `Output limit reached: ${groupWords[group](cap)}`,
  /** What a cut table says under its last row. */
  rowsCut: (shown: number, cut: number) =>
    `${whole.format(cut)} more ${cut === 1 ? 'row' : 'rows'} not shown (a table shows ${whole.format(shown)}).`,
  columnsCut: (shown: number, cut: number) =>
    `${whole.format(cut)} more ${cut === 1 ? 'column' : 'columns'} not shown (a table shows ${whole.format(shown)}).`,
};

const cutNote = (cut: number) => `… (${whole.format(cut)} characters cut)`;

/**
 * `text` if it has at most `maxChars` characters; otherwise its start followed by "… (N characters cut)",
 * `maxChars` characters in all, so text cut once (in the worker) is not cut again (on the page). Never
 * splits a surrogate pair (an emoji stays whole or goes).
 */
export function cutText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  // The note for cutting everything is the longest the note can be.
  let keep = Math.max(0, maxChars - cutNote(text.length).length);
  const last = text.charCodeAt(keep - 1);
  if (last >= 0xd800 && last <= 0xdbff) keep--;
  return `${text.slice(0, keep)}${cutNote(text.length - keep)}`;
}
