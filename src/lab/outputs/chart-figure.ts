/**
 * The canvas a chart output draws on, and Chart.js, loaded the first time a program draws a chart
 * (src/lab/chart-view.ts). Shared by the line and bar chart kinds.
 */
import { element, type OutputView } from './output-kind.ts';
import './chart-figure.css';

let chartViews: Promise<typeof import('../chart-view.ts')> | undefined;

export function loadChartViews(): Promise<typeof import('../chart-view.ts')> {
  chartViews ??= import('../chart-view.ts');
  return chartViews;
}

export interface ChartView {
  recolour(): void;
  destroy(): void;
}

/** Appends a figure with a canvas (an image with a text summary for screen readers). */
export function chartCanvas(view: OutputView): HTMLCanvasElement {
  const figure = element('div', 'lab-chart');
  const canvas = element('canvas');
  canvas.setAttribute('role', 'img');
  figure.append(canvas);
  view.append(figure);
  return canvas;
}

/** Keeps a chart in the site's theme, and frees it when the output is cleared. */
export function followTheme(chart: ChartView, view: OutputView): void {
  document.addEventListener('course-theme-change', () => chart.recolour(), { signal: view.cleared });
  view.cleared.addEventListener('abort', () => chart.destroy(), { once: true });
}
