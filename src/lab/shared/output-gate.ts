/**
 * The per-run count of outputs against the caps of output-limit.ts: `OutputGate` (the page keeps one per
 * run, lab-client.ts) and `limitOutput` (the lab API's, in the worker). Apart from output-limit.ts because
 * it knows every kind of output, and the kinds' readers use the caps.
 */
import type { LabOutput } from '../outputs/index.ts';
import { limitText, outputLimits, type LimitGroup } from './output-limit.ts';

/** What each kind of output counts against. */
const groupOfKind = {
  log: 'lines',
  timing: 'lines',
  memory: 'lines',
  measured: 'lines',
  table: 'tables',
  'line-chart': 'charts',
  'bar-chart': 'charts',
  'line-points': 'chartPoints',
  progress: 'progressBars',
  download: 'downloads',
  // A stage and each of its updates, and a backend switch, count as a line; a verdict draws a chart.
  stage: 'lines',
  backend: 'lines',
  verdict: 'charts',
} as const satisfies Record<LabOutput['kind'], LimitGroup>;

/** Whether an output may be shown, and if not, which cap it passed (`first`: the first time this run). */
export type Admission = { show: true } | { show: false; group: LimitGroup; cap: number; first: boolean; flood: boolean };

/** The caps by group. */
const capOf = {
  lines: outputLimits.lines,
  tables: outputLimits.tables,
  charts: outputLimits.charts,
  chartPoints: outputLimits.chartPoints,
  progressBars: outputLimits.progressBars,
  progressUpdates: outputLimits.progressUpdates,
  downloads: outputLimits.downloads,
} satisfies Record<LimitGroup, number>;

/**
 * What an output counts against its cap: chart points count each value (one message carries a point of
 * every series), at least one, so that empty messages cannot flood past the cap; other outputs count one.
 */
function weightOf(output: LabOutput): number {
  return output.kind === 'line-points' ? Math.max(1, Object.keys(output.values).length) : 1;
}

/**
 * Counts one run's outputs against the caps. The worker's API and the page each keep one per run; a
 * progress update of a bar already shown counts as an update, one of a new bar as a bar.
 */
export class OutputGate {
  readonly #caps: Record<LimitGroup, number>;
  readonly #counts = new Map<LimitGroup, number>();
  readonly #bars = new Set<number>();
  readonly #closed = new Set<LimitGroup>();
  #refused = 0;

  constructor(caps: Partial<Record<LimitGroup, number>> = {}) {
    this.#caps = { ...capOf, ...caps };
  }

  admit(output: LabOutput): Admission {
    let group: LimitGroup = groupOfKind[output.kind];
    if (output.kind === 'progress' && this.#bars.has(output.progressId)) group = 'progressUpdates';
    const count = (this.#counts.get(group) ?? 0) + weightOf(output);
    const cap = this.#caps[group];
    // A group stays closed once something was refused: a chart with a gap in the middle would mislead.
    if (count <= cap && !this.#closed.has(group)) {
      this.#counts.set(group, count);
      if (output.kind === 'progress') this.#bars.add(output.progressId);
      return { show: true };
    }
    const first = !this.#closed.has(group);
    this.#closed.add(group);
    return { show: false, group, cap, first, flood: this.refuse() };
  }

  /**
   * Counts a message that is not shown (past a cap, or unreadable); true once there have been more than
   * `floodMessages` of them this run, when the page should end the run.
   */
  refuse(): boolean {
    this.#refused++;
    return this.#refused > outputLimits.floodMessages;
  }

  /** Messages refused so far this run. */
  get refused(): number {
    return this.#refused;
  }
}

/** Where the lab API's outputs go; the worker posts them to the page. */
type Emit = (output: LabOutput) => void;

/**
 * The worker's side of the caps: outputs past a cap are dropped, with one log line per cap saying so
 * (the page drops that line too once lines are capped, and says the same in its own notice).
 */
export function limitOutput(emit: Emit, caps: Partial<Record<LimitGroup, number>> = {}): Emit {
  const gate = new OutputGate(caps);
  return (output) => {
    const admission = gate.admit(output);
    if (admission.show) return emit(output);
    if (admission.first) emit({ kind: 'log', level: 'warn', text: limitText.reached(admission.group, admission.cap) });
  };
}
