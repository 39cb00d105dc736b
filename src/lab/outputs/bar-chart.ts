/** `lab.barChart`: a few labelled values, drawn once. */
import { chartCanvas, followTheme, loadChartViews } from './chart-figure.ts';
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
      title: fields.string('title'),
      labels: fields.strings('labels'),
      values: fields.numbers('values'),
      unit: fields.optionalString('unit'),
    };
    if (output.labels.length !== output.values.length) {
      throw new InvalidMessageError(`output "bar-chart" has ${output.labels.length} labels but ${output.values.length} values.`);
    }
    return output;
  },
  async render(output, view) {
    const { BarChartView } = await loadChartViews();
    followTheme(new BarChartView(chartCanvas(view), output), view);
  },
};
