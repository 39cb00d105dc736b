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
  type ChartDataset,
} from 'chart.js';
import type { AxisScale } from '../../../labs/api/index.ts';
import type { ChartPoint } from '../outputs/downsample.ts';

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

/**
 * A chart with more points than this, all lines together, is drawn without dots: they would only blur the
 * lines, and each dot costs Chart.js its own options and drawing (2,000 dots made a chart's update
 * several times slower).
 */
const maxDottedPoints = 300;

/**
 * A line chart that shows the lines it is given: the line chart output (outputs/line-chart.ts) keeps the
 * points, thins them to the canvas's width and hands them over when the chart is on screen.
 */
export class LineChartView {
  readonly #chart: Chart<'line', ChartPoint[]>;
  readonly #spec: LineChartSpec;

  constructor(canvas: HTMLCanvasElement, spec: LineChartSpec) {
    this.#spec = spec;
    const colours = palette();
    const datasets: ChartDataset<'line', ChartPoint[]>[] = spec.series.map((name, index) => ({
      label: name,
      data: [],
      borderColor: colours.series[index % colours.series.length],
      backgroundColor: colours.series[index % colours.series.length],
      pointRadius: 2,
      borderWidth: 2,
    }));
    const options = baseOptions(spec.title, colours, spec.xLabel, spec.yLabel);
    this.#chart = new Chart<'line', ChartPoint[]>(canvas, {
      type: 'line',
      data: { datasets },
      options: { ...options, parsing: false, normalized: true, scales: lineScales(spec, colours) },
    });
  }

  /**
   * Shows `lines` (one per series, in the spec's order) and redraws. Each line is a fresh array: Chart.js
   * watches the arrays it is given, and the output's own arrays keep growing.
   */
  show(lines: readonly ChartPoint[][]): void {
    const dotted = lines.reduce((total, line) => total + line.length, 0) <= maxDottedPoints;
    this.#chart.data.datasets.forEach((dataset, index) => {
      dataset.data = lines[index] ?? [];
      dataset.pointRadius = dotted ? 2 : 0;
    });
    this.#chart.update('none');
  }

  destroy(): void {
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
