/**
 * `lab.verdict`: a run's finding, one sentence and one bar chart, put at the top of the output (not after
 * the run's many blocks), where the learner looks once the run is over. Marked `data-verdict` for tests and
 * tools. The chart is a bar chart like `lab.barChart`'s, read and drawn by that kind.
 */
import { barChartKind, type BarChartOutput } from './bar-chart.ts';
import { element, type OutputKind, type OutputView } from './output-kind.ts';
import './verdict.css';

export interface VerdictOutput {
  kind: 'verdict';
  text: string;
  chart: BarChartOutput;
}

export const verdictKind: OutputKind<VerdictOutput> = {
  read: (fields) => ({
    kind: 'verdict',
    text: fields.string('text'),
    chart: fields.object('chart', (chart) => {
      chart.string('kind');
      return barChartKind.read(chart);
    }),
  }),
  async render(output, view) {
    const box = element('section', 'lab-verdict');
    box.dataset.verdict = '';
    box.setAttribute('aria-label', 'Verdict');
    box.append(element('h3', 'lab-verdict-heading', 'Verdict'), element('p', 'lab-verdict-text', output.text));
    view.placeFirst(box);
    // The chart goes inside the verdict: a view of this one box.
    const inside: OutputView = { ...view, append: (node) => box.append(node), placeFirst: (node) => box.prepend(node) };
    await barChartKind.render(output.chart, inside);
  },
};
