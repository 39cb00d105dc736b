/**
 * `lab.lineChart`: a chart announced once ('line-chart'), then points added while the program runs
 * ('line-points'). Two kinds that share the run's charts, by id. Points are kept here as they arrive, from
 * the moment the chart is announced, even while Chart.js loads; the chart is drawn from them when it is near
 * the screen, thinned to a few points per pixel (downsample.ts).
 */
import type { AxisScale } from '../../../labs/api/index.ts';
import { formatNumber } from '../shared/number-text.ts';
import { outputLimits } from '../shared/output-limit.ts';
import { chartCanvas, chartViewsFor, drawLazily, type ChartViews, type LazyChart } from './chart-figure.ts';
import { downsample, type ChartPoint } from './downsample.ts';
import { InvalidMessageError, namesOf } from './fields.ts';
import type { OutputKind, OutputView } from './output-kind.ts';

export interface LineChartOutput {
  kind: 'line-chart';
  chartId: number;
  title: string;
  series: string[];
  xLabel?: string;
  yLabel?: string;
  xScale?: AxisScale;
  yScale?: AxisScale;
  /** Series drawn as marks without a line (labs/api/index.ts, `LineChartOptions.marks`): each one of `series`. */
  marks?: string[];
}

export interface LinePointsOutput {
  kind: 'line-points';
  chartId: number;
  x: number;
  /** One value per series, by name; series left out get no point at `x`. */
  values: Record<string, number>;
}

const axisScales = namesOf<AxisScale>({ linear: true, log: true });

/** More points than this per line add nothing a learner can see; later ones are dropped. */
const maxPointsPerSeries = 10_000;
/** Points drawn per pixel of the canvas's width, at most (min/max buckets of one pixel: downsample.ts). */
const bucketsPerPixel = 1;

/** One line chart of the run: its points, kept here whether or not the chart is drawn yet. */
class LineChart {
  readonly #output: LineChartOutput;
  readonly #canvas: HTMLCanvasElement;
  readonly #lines: ChartPoint[][];
  #changed: () => void = () => {};

  constructor(output: LineChartOutput, canvas: HTMLCanvasElement) {
    this.#output = output;
    this.#canvas = canvas;
    this.#lines = output.series.map(() => []);
    this.#describe();
  }

  /** Where changes are reported (the drawer, once the chart is on it). */
  set onChange(changed: () => void) {
    this.#changed = changed;
  }

  add(x: number, values: Readonly<Record<string, number>>): void {
    let added = false;
    this.#output.series.forEach((name, index) => {
      const value = values[name];
      const line = this.#lines[index];
      if (value !== undefined && Number.isFinite(value) && line.length < maxPointsPerSeries) {
        line.push({ x, y: value });
        added = true;
      }
    });
    if (!added) return;
    this.#describeSoon();
    this.#changed();
  }

  #describing = false;

  /** The summary once a frame at most: a chart gets a point of every line thousands of times a run. */
  #describeSoon(): void {
    if (this.#describing) return;
    this.#describing = true;
    requestAnimationFrame(() => {
      this.#describing = false;
      this.#describe();
    });
  }

  /** The chart's view, made on first use: what the drawer draws. */
  lazy(views: ChartViews): LazyChart {
    let made: InstanceType<ChartViews['LineChartView']> | undefined;
    return {
      draw: (width) => {
        made ??= new views.LineChartView(this.#canvas, this.#output);
        const buckets = Math.max(1, Math.round(width * bucketsPerPixel));
        made.show(this.#lines.map((line) => [...downsample(line, buckets)]));
      },
      recolour: () => made?.recolour(),
      destroy: () => made?.destroy(),
    };
  }

  /** The latest value of every line, for people who cannot see the canvas (kept current even off screen). */
  #describe(): void {
    const { title, xLabel } = this.#output;
    const latest = this.#output.series.flatMap((name, index) => {
      const last = this.#lines[index].at(-1);
      return last ? [`${name} ${formatNumber(last.y)} at ${xLabel ?? 'x'} ${formatNumber(last.x)}`] : [];
    });
    this.#canvas.setAttribute(
      'aria-label',
      `Line chart: ${title}. ${latest.length > 0 ? `Latest: ${latest.join('; ')}.` : 'No points yet.'}`,
    );
  }
}

/** This run's line charts by id, where their points go. */
const chartsKey = Symbol('line charts');
const chartsOf = (view: OutputView) => view.state(chartsKey, () => new Map<number, LineChart>());
/**
 * Points queued for each chart, by id: points that arrive before their chart is drawn wait in the panel's
 * queue behind it, and later points of that chart queue too until those are in, so no point overtakes
 * another.
 */
const waitingKey = Symbol('line points waiting');
const waitingOf = (view: OutputView) => view.state(waitingKey, () => new Map<number, number>());

export const lineChartKind: OutputKind<LineChartOutput> = {
  read(fields) {
    const output: LineChartOutput = {
      kind: 'line-chart',
      chartId: fields.count('chartId'),
      title: fields.label('title'),
      series: fields.strings('series', outputLimits.chartSeries),
      xLabel: fields.optionalLabel('xLabel'),
      yLabel: fields.optionalLabel('yLabel'),
      xScale: fields.optionalOneOf('xScale', axisScales),
      yScale: fields.optionalOneOf('yScale', axisScales),
      marks: fields.optionalStrings('marks', outputLimits.chartSeries),
    };
    const stray = output.marks?.find((name) => !output.series.includes(name));
    if (stray !== undefined) {
      throw new InvalidMessageError(`output "line-chart" marks "${stray}", which is not one of its series.`);
    }
    return output;
  },
  // Not awaited by the panel: the chart takes its points at once, while Chart.js loads (the first chart of a
  // page). Awaited, the load held up the panel's queue, and the points of every chart behind it, for a
  // second or more; they then drained a frame at a time, and "Done" waited for them.
  render(output, view) {
    const canvas = chartCanvas(view);
    const chart = new LineChart(output, canvas);
    chartsOf(view).set(output.chartId, chart);
    void chartViewsFor(view, output.title, undefined, canvas.parentElement ?? undefined).then((views) => {
      // Without Chart.js the chart's points have nowhere to go: kept (within the caps), never drawn.
      if (views && !view.cleared.aborted) chart.onChange = drawLazily(view, canvas, chart.lazy(views));
    });
  },
};

export const linePointsKind: OutputKind<LinePointsOutput> = {
  read: (fields) => ({
    kind: 'line-points',
    chartId: fields.count('chartId'),
    x: fields.number('x'),
    values: fields.numberRecord('values', outputLimits.chartSeries),
  }),
  // Cheap: the points are kept, and the chart is redrawn later, when it is on screen (chart-figure.ts).
  absorb(output, view) {
    const chart = chartsOf(view).get(output.chartId);
    const waiting = waitingOf(view);
    const queued = waiting.get(output.chartId) ?? 0;
    if (chart && queued === 0) {
      chart.add(output.x, output.values);
      return true;
    }
    waiting.set(output.chartId, queued + 1);
    return false;
  },
  render(output, view) {
    const waiting = waitingOf(view);
    const queued = waiting.get(output.chartId) ?? 0;
    if (queued > 1) waiting.set(output.chartId, queued - 1);
    else waiting.delete(output.chartId);
    chartsOf(view).get(output.chartId)?.add(output.x, output.values);
  },
};
