/**
 * The canvas a chart output draws on, and Chart.js, loaded the first time a program draws a chart
 * (src/lab/page/chart-view.ts). Shared by the line and bar chart kinds. When Chart.js cannot load (offline,
 * or the site was redeployed since the page loaded), a chart becomes a notice that says so, and the
 * rest of the output goes on.
 */
import { renderNotice } from './notice.ts';
import { element, type OutputView } from './output-kind.ts';
import './chart-figure.css';

type ChartViews = typeof import('../page/chart-view.ts');

let chartViews: Promise<ChartViews> | undefined;

/** Chart.js and the chart views; a failed load is forgotten, so the next chart tries again. */
function loadChartViews(): Promise<ChartViews> {
  chartViews ??= import('../page/chart-view.ts').catch((error: unknown) => {
    chartViews = undefined;
    throw error;
  });
  return chartViews;
}

const chartText = {
  unavailable: (title: string, reason: string) =>
    `The chart "${title}" could not be drawn: the charting code did not load (${reason}). ` +
    'The rest of the output is shown; reload the page to get charts back.',
};

/**
 * The chart views, or null after appending a notice when they cannot load; `summary` (the chart's values
 * as text, when it has them) goes below the notice.
 */
export async function chartViewsFor(view: OutputView, title: string, summary?: string): Promise<ChartViews | null> {
  try {
    return await loadChartViews();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    view.append(renderNotice({ kind: 'notice', level: 'warn', text: chartText.unavailable(title, reason), detail: summary }));
    return null;
  }
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
