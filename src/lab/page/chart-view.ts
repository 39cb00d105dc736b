/**
 * Charts for lab output, drawn with Chart.js in the page (the worker only sends numbers). Loaded the
 * first time a program draws a chart (outputs/chart-figure.ts). Colours come from the site's CSS custom
 * properties, so charts follow the light and dark themes, and each canvas carries a text summary for
 * screen readers.
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
  type ChartDataset,
} from 'chart.js';
import type { AxisScale } from '../../../labs/api/index.ts';

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

/** More points than this per line add nothing a learner can see; later ones are dropped. */
const maxPointsPerSeries = 10_000;

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

function formatted(value: number): string {
  return Math.abs(value) >= 1000 || Number.isInteger(value) ? String(Math.round(value * 10) / 10) : value.toPrecision(3);
}

function baseOptions(title: string, colours: Palette, xLabel?: string, yLabel?: string) {
  const axis = (label?: string) => ({
    title: { display: Boolean(label), text: label ?? '', color: colours.text },
    ticks: { color: colours.text },
    grid: { color: colours.grid },
  });
  return {
    animation: false as const,
    responsive: true,
    maintainAspectRatio: false,
    plugins: {
      title: { display: true, text: title, color: colours.text },
      legend: { labels: { color: colours.text } },
    },
    scales: { x: axis(xLabel), y: axis(yLabel) },
  };
}

export interface LineChartSpec {
  title: string;
  series: readonly string[];
  xLabel?: string;
  yLabel?: string;
  xScale?: AxisScale;
  yScale?: AxisScale;
}

/** Chart.js's name for each axis scale. */
const scaleTypes = { linear: 'linear', log: 'logarithmic' } as const satisfies Record<AxisScale, string>;

function lineScales(spec: LineChartSpec, colours: Palette) {
  const { scales } = baseOptions(spec.title, colours, spec.xLabel, spec.yLabel);
  return {
    x: { ...scales.x, type: scaleTypes[spec.xScale ?? 'linear'] },
    y: { ...scales.y, type: scaleTypes[spec.yScale ?? 'linear'] },
  };
}

/** A line chart that accepts points as they arrive and redraws at most once per frame. */
export class LineChartView {
  readonly #chart: Chart<'line', { x: number; y: number }[]>;
  readonly #canvas: HTMLCanvasElement;
  readonly #spec: LineChartSpec;
  #redrawScheduled = false;
  #destroyed = false;

  constructor(canvas: HTMLCanvasElement, spec: LineChartSpec) {
    this.#canvas = canvas;
    this.#spec = spec;
    const colours = palette();
    const datasets: ChartDataset<'line', { x: number; y: number }[]>[] = spec.series.map((name, index) => ({
      label: name,
      data: [],
      borderColor: colours.series[index % colours.series.length],
      backgroundColor: colours.series[index % colours.series.length],
      pointRadius: 2,
      borderWidth: 2,
    }));
    const options = baseOptions(spec.title, colours, spec.xLabel, spec.yLabel);
    this.#chart = new Chart<'line', { x: number; y: number }[]>(canvas, {
      type: 'line',
      data: { datasets },
      options: { ...options, parsing: false, scales: lineScales(spec, colours) },
    });
    this.#describe();
  }

  add(x: number, values: Readonly<Record<string, number>>): void {
    this.#spec.series.forEach((name, index) => {
      const value = values[name];
      const data = this.#chart.data.datasets[index]?.data;
      if (value !== undefined && Number.isFinite(value) && data && data.length < maxPointsPerSeries) {
        data.push({ x, y: value });
        this.#scheduleRedraw();
      }
    });
  }

  #scheduleRedraw(): void {
    if (this.#redrawScheduled) return;
    this.#redrawScheduled = true;
    requestAnimationFrame(() => {
      this.#redrawScheduled = false;
      if (this.#destroyed) return;
      this.#chart.update('none');
      this.#describe();
    });
  }

  destroy(): void {
    this.#destroyed = true;
    this.#chart.destroy();
  }

  recolour(): void {
    const colours = palette();
    const options = baseOptions(this.#spec.title, colours, this.#spec.xLabel, this.#spec.yLabel);
    this.#chart.options.plugins = options.plugins;
    this.#chart.options.scales = lineScales(this.#spec, colours);
    this.#chart.data.datasets.forEach((dataset, index) => {
      dataset.borderColor = colours.series[index % colours.series.length];
      dataset.backgroundColor = colours.series[index % colours.series.length];
    });
    this.#chart.update('none');
  }

  /** The latest value of every line, for people who cannot see the canvas. */
  #describe(): void {
    const latest = this.#chart.data.datasets
      .map((dataset) => {
        const last = dataset.data.at(-1);
        return last ? `${dataset.label} ${formatted(last.y)} at ${this.#spec.xLabel ?? 'x'} ${formatted(last.x)}` : null;
      })
      .filter(Boolean);
    this.#canvas.setAttribute(
      'aria-label',
      `Line chart: ${this.#spec.title}. ${latest.length > 0 ? `Latest: ${latest.join('; ')}.` : 'No points yet.'}`,
    );
  }
}

export interface BarChartSpec {
  title: string;
  labels: readonly string[];
  values: readonly number[];
  unit?: string;
}

export class BarChartView {
  readonly #chart: Chart<'bar', number[], string>;
  readonly #spec: BarChartSpec;

  constructor(canvas: HTMLCanvasElement, spec: BarChartSpec) {
    this.#spec = spec;
    const colours = palette();
    this.#chart = new Chart<'bar', number[], string>(canvas, {
      type: 'bar',
      data: {
        labels: [...spec.labels],
        datasets: [{ label: spec.unit ?? 'value', data: [...spec.values], backgroundColor: colours.series[0] }],
      },
      options: {
        ...baseOptions(spec.title, colours, undefined, spec.unit),
        plugins: { ...baseOptions(spec.title, colours).plugins, legend: { display: false } },
      },
    });
    const unit = spec.unit ? ` ${spec.unit}` : '';
    const summary = spec.labels.map((label, index) => `${label}: ${formatted(spec.values[index] ?? 0)}${unit}`).join('; ');
    canvas.setAttribute('aria-label', `Bar chart: ${spec.title}. ${summary}.`);
  }

  destroy(): void {
    this.#chart.destroy();
  }

  recolour(): void {
    const colours = palette();
    const options = baseOptions(this.#spec.title, colours, undefined, this.#spec.unit);
    this.#chart.options.plugins = { ...options.plugins, legend: { display: false } };
    this.#chart.options.scales = options.scales;
    const [dataset] = this.#chart.data.datasets;
    if (dataset) dataset.backgroundColor = colours.series[0];
    this.#chart.update('none');
  }
}
