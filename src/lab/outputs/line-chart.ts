/**
 * `lab.lineChart`: a chart announced once ('line-chart'), then points added while the program runs
 * ('line-points'). Two kinds that share the run's charts, by id.
 */
import type { AxisScale } from '../../../labs/api/index.ts';
import type { LineChartView } from '../page/chart-view.ts';
import { outputLimits } from '../shared/output-limit.ts';
import { namesOf } from './fields.ts';
import { chartCanvas, chartViewsFor, followTheme } from './chart-figure.ts';
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
}

export interface LinePointsOutput {
  kind: 'line-points';
  chartId: number;
  x: number;
  /** One value per series, by name; series left out get no point at `x`. */
  values: Record<string, number>;
}

const axisScales = namesOf<AxisScale>({ linear: true, log: true });

/** This run's line charts by id, where their points go. */
const chartsKey = Symbol('line charts');
const chartsOf = (view: OutputView) => view.state(chartsKey, () => new Map<number, LineChartView>());

export const lineChartKind: OutputKind<LineChartOutput> = {
  read: (fields) => ({
    kind: 'line-chart',
    chartId: fields.count('chartId'),
    title: fields.label('title'),
    series: fields.strings('series', outputLimits.chartSeries),
    xLabel: fields.optionalLabel('xLabel'),
    yLabel: fields.optionalLabel('yLabel'),
    xScale: fields.optionalOneOf('xScale', axisScales),
    yScale: fields.optionalOneOf('yScale', axisScales),
  }),
  async render(output, view) {
    const views = await chartViewsFor(view, output.title);
    // Without Chart.js the chart's points have nowhere to go, and are dropped.
    if (!views) return;
    const { LineChartView } = views;
    const chart = new LineChartView(chartCanvas(view), output);
    followTheme(chart, view);
    chartsOf(view).set(output.chartId, chart);
  },
};

export const linePointsKind: OutputKind<LinePointsOutput> = {
  read: (fields) => ({
    kind: 'line-points',
    chartId: fields.count('chartId'),
    x: fields.number('x'),
    values: fields.numberRecord('values', outputLimits.chartSeries),
  }),
  render(output, view) {
    chartsOf(view).get(output.chartId)?.add(output.x, output.values);
  },
};
