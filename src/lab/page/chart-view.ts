/**
 * Charts for lab output, drawn with Chart.js in the page (the worker only sends numbers). Loaded the
 * first time a program draws a chart (outputs/chart-figure.ts), and made only when a chart comes near the
 * screen (its ChartDrawer). Colours come from the site's CSS custom properties, so charts follow the light
 * and dark themes; each canvas carries a text summary for screen readers, set by its output kind.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Title,
  Tooltip,
  type ChartData,
  type ChartDataset,
  type LegendItem,
  type Plugin,
  type PointStyle,
  type Scale,
} from 'chart.js';
import type { AxisScale } from '../../../labs/api/index.ts';
import { allWhole, dataTicks, labelsLogTick, tickText } from '../outputs/axis-ticks.ts';
import type { ChartPoint } from '../outputs/downsample.ts';
import { formatNumber } from '../shared/number-text.ts';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Title,
  Tooltip,
);

interface Palette {
  text: string;
  grid: string;
  series: string[];
}

function palette(): Palette {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: read('--color-text', '#1a1f26'),
    grid: read('--color-border', '#cfd6df'),
    series: [
      read('--diagram-accent', '#1d4ed8'),
      read('--diagram-warm', '#b45309'),
      read('--color-success', '#166534'),
      read('--color-danger', '#b42318'),
      read('--color-muted', '#4f5b69'),
    ],
  };
}

/** What a tick's callback gets from Chart.js: the tick's value, its place, and all the axis's ticks. */
type TickCallback = (value: number | string, index: number, ticks: readonly { value: number }[]) => string;

function axis(colours: Palette, label: string | undefined, tickText: TickCallback) {
  return {
    title: { display: Boolean(label), text: label ?? '', color: colours.text },
    // Flat labels only: rotated 10-digit numbers were unreadable, so ticks stay short (axis-ticks.ts) and
    // Chart.js skips some where they would collide.
    ticks: { color: colours.text, maxRotation: 0, autoSkip: true, callback: tickText },
    grid: { color: colours.grid },
  };
}

function plugins(title: string, colours: Palette) {
  return {
    title: { display: true, text: title, color: colours.text },
    legend: {
      labels: {
        color: colours.text,
        // The legend shows each line's marker shape, the one that tells overlapping points apart.
        usePointStyle: true,
        // Markers the size of the chart's own, not of the legend's font.
        boxWidth: 10,
        boxHeight: 8,
        // A series with no points (a crossover that never happened) draws nothing, so it has no entry.
        filter: (item: LegendItem, data: ChartData) => (data.datasets[item.datasetIndex ?? -1]?.data.length ?? 0) > 0,
      },
    },
  };
}

const common = { animation: false as const, responsive: true, maintainAspectRatio: false };

export interface LineChartSpec {
  title: string;
  series: readonly string[];
  xLabel?: string;
  yLabel?: string;
  xScale?: AxisScale;
  yScale?: AxisScale;
  /** Series drawn as marks alone, without a line. */
  marks?: readonly string[];
}

/** Chart.js's name for each axis scale. */
const scaleTypes = { linear: 'linear', log: 'logarithmic' } as const satisfies Record<AxisScale, string>;

/**
 * Each line's marker and dash, by its place among the lines: two lines with the same values (WebGL and
 * WebGPU on the same software renderer) still show both, one shape around the other, where colour alone
 * left only the line drawn last.
 */
const lineStyles: readonly { point: PointStyle; dash: number[] }[] = [
  { point: 'circle', dash: [] },
  { point: 'rect', dash: [6, 4] },
  { point: 'triangle', dash: [2, 3] },
  { point: 'rectRot', dash: [10, 3, 2, 3] },
  { point: 'crossRot', dash: [] },
];
/** How far (px) a marker may reach past the chart's area: a point on its edge shows whole. */
const markerRoom = 10;
/** Marks (a crossover) stand out from the lines' markers: larger, and a shape no line uses. */
const markStyles: readonly PointStyle[] = ['star', 'cross'];

/**
 * A chart with more points than this, all lines together, is drawn without dots: they would only blur the
 * lines, and each dot costs Chart.js its own options and drawing (2,000 dots made a chart's update
 * several times slower).
 */
const maxDottedPoints = 300;

/** What the axes' ticks follow from the points shown (axis-ticks.ts): updated at every `show`. */
interface TickPlan {
  /** The positions to tick on a log x axis with few of them, else null. */
  xTicks: number[] | null;
  wholeX: boolean;
}

function tickCallback(scale: AxisScale | undefined, labelAll: () => boolean): TickCallback {
  return (value, _index, ticks) => {
    const number = Number(value);
    if (scale !== 'log' || labelAll()) return tickText(number);
    const first = ticks[0]?.value ?? number;
    const last = ticks.at(-1)?.value ?? number;
    return labelsLogTick(number, first, last) ? tickText(number) : '';
  };
}

/** The room a log x axis leaves past its first and last measured position: a factor, e.g. 1 to 8 becomes 0.87 to 9.2. */
const logMargin = 1.15;

function lineScales(spec: LineChartSpec, colours: Palette, plan: TickPlan) {
  const x = axis(
    colours,
    spec.xLabel,
    tickCallback(spec.xScale, () => plan.xTicks !== null),
  );
  const y = axis(
    colours,
    spec.yLabel,
    tickCallback(spec.yScale, () => false),
  );
  return {
    x: {
      ...x,
      type: scaleTypes[spec.xScale ?? 'linear'],
      // Whole-number x values (epochs) get whole-number ticks: no "epoch 1.5".
      ticks: { ...x.ticks, ...(plan.wholeX && { precision: 0 }) },
      // A log axis with a few measured positions (widths 1, 2, 4, 8) ticks exactly those, with a little room
      // past the first and last, so their markers are not cut in half by the chart's edge.
      ...(spec.xScale === 'log' &&
        plan.xTicks && { min: plan.xTicks[0] / logMargin, max: (plan.xTicks.at(-1) ?? 1) * logMargin }),
      afterBuildTicks: (scale: Scale) => {
        if (spec.xScale === 'log' && plan.xTicks) scale.ticks = plan.xTicks.map((value) => ({ value }));
      },
    },
    // A log axis thins its own labels (axis-ticks.ts); Chart.js's skipping would drop a 50 between 20 and 100.
    y: { ...y, type: scaleTypes[spec.yScale ?? 'linear'], ticks: { ...y.ticks, autoSkip: spec.yScale !== 'log' } },
  };
}

function lineDatasets(spec: LineChartSpec, colours: Palette): ChartDataset<'line', ChartPoint[]>[] {
  let lines = 0;
  let marks = 0;
  return spec.series.map((name, index) => {
    const colour = colours.series[index % colours.series.length];
    if (spec.marks?.includes(name)) {
      return {
        label: name,
        data: [],
        borderColor: colour,
        backgroundColor: colour,
        showLine: false,
        pointStyle: markStyles[marks++ % markStyles.length],
        pointRadius: 9,
        pointHoverRadius: 10,
        borderWidth: 2,
        clip: markerRoom,
      };
    }
    const style = lineStyles[lines++ % lineStyles.length];
    return {
      label: name,
      data: [],
      borderColor: colour,
      backgroundColor: colour,
      // Hollow markers, so a point under another of a different shape still shows.
      pointBackgroundColor: 'transparent',
      pointStyle: style.point,
      pointRadius: 4,
      borderDash: style.dash,
      borderWidth: 2,
      clip: markerRoom,
    };
  });
}

/**
 * A line chart that shows the lines it is given: the line chart output (outputs/line-chart.ts) keeps the
 * points, thins them to the canvas's width and hands them over when the chart is on screen.
 */
export class LineChartView {
  readonly #chart: Chart<'line', ChartPoint[]>;
  readonly #spec: LineChartSpec;
  readonly #plan: TickPlan = { xTicks: null, wholeX: false };

  constructor(canvas: HTMLCanvasElement, spec: LineChartSpec) {
    this.#spec = spec;
    const colours = palette();
    this.#chart = new Chart<'line', ChartPoint[]>(canvas, {
      type: 'line',
      data: { datasets: lineDatasets(spec, colours) },
      options: {
        ...common,
        plugins: plugins(spec.title, colours),
        layout: { padding: markerRoom },
        parsing: false,
        normalized: true,
        scales: lineScales(spec, colours, this.#plan),
      },
    });
  }

  /**
   * Shows `lines` (one per series, in the spec's order) and redraws. Each line is a fresh array: Chart.js
   * watches the arrays it is given, and the output's own arrays keep growing.
   */
  show(lines: readonly ChartPoint[][]): void {
    const points = lines.flat();
    const dotted = points.length <= maxDottedPoints;
    this.#chart.data.datasets.forEach((dataset, index) => {
      dataset.data = lines[index] ?? [];
      if (!this.#spec.marks?.includes(this.#spec.series[index])) dataset.pointRadius = dotted ? 4 : 0;
    });
    const xs = points.map((point) => point.x);
    const plan: TickPlan = { xTicks: dataTicks(xs), wholeX: allWhole(xs) };
    if (JSON.stringify(plan) !== JSON.stringify(this.#plan)) {
      Object.assign(this.#plan, plan);
      this.#chart.options.scales = lineScales(this.#spec, palette(), this.#plan);
    }
    this.#chart.update('none');
  }

  destroy(): void {
    this.#chart.destroy();
  }

  recolour(): void {
    const colours = palette();
    this.#chart.options.plugins = plugins(this.#spec.title, colours);
    this.#chart.options.scales = lineScales(this.#spec, colours, this.#plan);
    const styled = lineDatasets(this.#spec, colours);
    this.#chart.data.datasets.forEach((dataset, index) => {
      dataset.borderColor = styled[index]?.borderColor;
      dataset.backgroundColor = styled[index]?.backgroundColor;
    });
    this.#chart.update('none');
  }
}

export interface BarChartSpec {
  title: string;
  labels: readonly string[];
  values: readonly number[];
  unit?: string;
}

/** A bar's value as its label says it: "3.8 images/s". */
function valueText(value: number, unit: string | undefined): string {
  return `${formatNumber(value)}${unit ? ` ${unit}` : ''}`;
}

/**
 * Writes each bar's value beside its end, so a bar too short to see (3.8 images/s beside 1,250) still
 * says what it is. The value axis leaves room for the text (`grace` below).
 */
function valueLabels(spec: BarChartSpec, colour: () => string): Plugin<'bar'> {
  return {
    id: 'courseValueLabels',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      ctx.save();
      ctx.fillStyle = colour();
      ctx.font = `${Chart.defaults.font.size ?? 12}px ${Chart.defaults.font.family ?? 'sans-serif'}`;
      ctx.textBaseline = 'middle';
      chart.getDatasetMeta(0).data.forEach((bar, index) => {
        const value = spec.values[index];
        if (value === undefined) return;
        const { x, y } = bar.getProps(['x', 'y'], true) as { x: number; y: number };
        ctx.textAlign = value < 0 ? 'right' : 'left';
        ctx.fillText(valueText(value, spec.unit), value < 0 ? x - 4 : x + 4, y);
      });
      ctx.restore();
    },
  };
}

/** Horizontal bars: long labels ("webgl → wasm hop") read flat, and each value fits beside its bar. */
export class BarChartView {
  readonly #chart: Chart<'bar', number[], string>;
  readonly #spec: BarChartSpec;
  #colours: Palette;

  constructor(canvas: HTMLCanvasElement, spec: BarChartSpec) {
    this.#spec = spec;
    this.#colours = palette();
    this.#chart = new Chart<'bar', number[], string>(canvas, {
      type: 'bar',
      data: {
        labels: [...spec.labels],
        datasets: [{ label: spec.unit ?? 'value', data: [...spec.values], backgroundColor: this.#colours.series[0] }],
      },
      options: this.#options(),
      plugins: [valueLabels(spec, () => this.#colours.text)],
    });
  }

  #options() {
    const colours = this.#colours;
    const plain: TickCallback = (value) => String(value);
    return {
      ...common,
      indexAxis: 'y' as const,
      plugins: { ...plugins(this.#spec.title, colours), legend: { display: false } },
      scales: {
        // Room past the longest bar for its value label.
        x: { ...axis(colours, this.#spec.unit, (value) => tickText(Number(value))), grace: '25%' },
        y: {
          ...axis(colours, undefined, plain),
          // The category axis hands callbacks an index: show the bar's label.
          ticks: {
            ...axis(colours, undefined, plain).ticks,
            callback: (_value: number | string, index: number) => this.#spec.labels[index] ?? '',
          },
        },
      },
    };
  }

  destroy(): void {
    this.#chart.destroy();
  }

  recolour(): void {
    this.#colours = palette();
    const options = this.#options();
    this.#chart.options.plugins = options.plugins;
    this.#chart.options.scales = options.scales;
    const [dataset] = this.#chart.data.datasets;
    if (dataset) dataset.backgroundColor = this.#colours.series[0];
    this.#chart.update('none');
  }
}
