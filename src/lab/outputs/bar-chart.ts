/** `lab.barChart`: a few labelled values, drawn once, when the chart first comes near the screen. */
import { formatNumber } from '../shared/number-text.ts';
import { outputLimits } from '../shared/output-limit.ts';
import { chartCanvas, chartViewsFor, drawLazily, type ChartViews } from './chart-figure.ts';
import { InvalidMessageError } from './fields.ts';
import type { OutputKind } from './output-kind.ts';

export interface BarChartOutput {
  kind: 'bar-chart';
  title: string;
  /** One bar per label, with the value at the same index. */
  labels: string[];
  values: number[];
  unit?: string;
}

export const barChartKind: OutputKind<BarChartOutput> = {
  read(fields) {
    const output: BarChartOutput = {
      kind: 'bar-chart',
      title: fields.label('title'),
      labels: fields.strings('labels', outputLimits.chartBars),
      values: fields.numbers('values', outputLimits.chartBars),
      unit: fields.optionalLabel('unit'),
    };
    if (output.labels.length !== output.values.length) {
      throw new InvalidMessageError(`output "bar-chart" has ${output.labels.length} labels but ${output.values.length} values.`);
    }
    return output;
  },
  async render(output, view) {
    const unit = output.unit ? ` ${output.unit}` : '';
    const values = output.labels.map((label, index) => `${label}: ${formatNumber(output.values[index] ?? Number.NaN)}${unit}`);
    const views = await chartViewsFor(view, output.title, values.join('\n'));
    if (!views) return;
    const canvas = chartCanvas(view, output.values.length);
    canvas.setAttribute('aria-label', `Bar chart: ${output.title}. ${values.join('; ')}.`);
    let made: InstanceType<ChartViews['BarChartView']> | undefined;
    drawLazily(view, canvas, {
      draw: () => void (made ??= new views.BarChartView(canvas, output)),
      recolour: () => made?.recolour(),
      destroy: () => made?.destroy(),
    });
  },
};
