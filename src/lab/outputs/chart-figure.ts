/**
 * The canvas a chart output draws on; Chart.js, loaded the first time a program draws a chart
 * (src/lab/page/chart-view.ts); and the drawer that makes and redraws a run's charts a few a frame, only
 * those near the screen. Shared by the line and bar chart kinds. When Chart.js cannot load (offline,
 * or the site was redeployed since the page loaded), a chart becomes a notice that says so, and the
 * rest of the output goes on.
 */
import { renderNotice } from './notice.ts';
import { element, type OutputView } from './output-kind.ts';
import './chart-figure.css';

export type ChartViews = typeof import('../page/chart-view.ts');

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
 * The chart views, or null after showing a notice when they cannot load: in place of `figure` when given (a
 * chart drawn before its code loaded), else at the end of the output. `summary` (the chart's values as text,
 * when it has them) goes below the notice.
 */
export async function chartViewsFor(
  view: OutputView,
  title: string,
  summary?: string,
  figure?: Element,
): Promise<ChartViews | null> {
  try {
    return await loadChartViews();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const notice = renderNotice({ kind: 'notice', level: 'warn', text: chartText.unavailable(title, reason), detail: summary });
    if (figure?.isConnected) figure.replaceWith(notice);
    else view.append(notice);
    return null;
  }
}

/** A chart output on the page, whose Chart.js view is made the first time it comes near the screen. */
export interface LazyChart {
  /** Makes the Chart.js view, or brings it up to date, for a canvas `width` CSS pixels wide. */
  draw(width: number): void;
  /** Follows a change of theme; called only once the view is made. */
  recolour(): void;
  destroy(): void;
}

/**
 * What one frame may spend drawing charts. Making or updating one chart with Chart.js takes a few
 * milliseconds (more on a slow machine), so a frame draws charts until it has spent this, then leaves the
 * rest to the next frame; the output panel's own drawing has a budget of its own (output-panel.ts).
 */
const chartFrameBudgetMs = 6;
/**
 * After drawing for t ms, the drawer rests for `restFactor × t` ms. One Chart.js chart of 20 lines can take
 * 50 ms or more to make or update on a slow or busy machine, far past any frame budget; resting keeps
 * charts to a quarter of the page's time, so the frames between answer the learner and the output panel
 * goes on with the run's other outputs (and with its end) meanwhile.
 */
const restFactor = 3;
/**
 * A chart already drawn is redrawn at most this often (ms) while points keep coming. Each redraw of a chart
 * of 20 lines costs Chart.js tens of milliseconds of the main thread, which the page needs meanwhile to take
 * in the run's messages: redrawn at every change, the charts on screen made the page fall behind the
 * program, and "Done" with it. Once a second still shows a chart growing.
 */
const redrawMs = 1_000;
/** How far outside the screen a chart is made ahead of being scrolled to, so it is ready when it arrives. */
const nearScreen = '300px 0px';
/** The width assumed for a chart whose size the browser has not reported yet. */
const defaultWidth = 640;

interface Entry {
  chart: LazyChart;
  made: boolean;
  near: boolean;
  width: number;
  recolour: boolean;
  /** When it was last drawn (performance.now()), and the timer that draws it again once `redrawMs` have passed. */
  drawnAt: number;
  later: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Draws one run's charts. A program may draw 50 charts and add points to all of them every step: making
 * and redrawing every one of them at once froze the page for seconds, and the run's "Done" waited for it.
 * Here the output panel only records that a chart changed (cheap, so the run ends when the program
 * does), and the drawing happens afterwards, a few charts a frame: charts near the screen (an
 * IntersectionObserver says which) are made, then redrawn at most once a second (`redrawMs`); the others
 * wait until they are scrolled to.
 */
class ChartDrawer {
  readonly #entries = new Map<Element, Entry>();
  /** Charts near the screen that changed since they were last drawn, in the order they changed. */
  readonly #due = new Set<Entry>();
  /** Charts that changed while away from the screen: drawn when they come near it. */
  readonly #stale = new Set<Entry>();
  readonly #observer: IntersectionObserver;
  #scheduled = false;
  #cleared = false;
  /** No drawing before this time (performance.now()): see `restFactor`. */
  #restUntil = 0;

  readonly #view: OutputView;

  constructor(view: OutputView) {
    this.#view = view;
    const cleared = view.cleared;
    this.#observer = new IntersectionObserver((records) => this.#seen(records), { rootMargin: nearScreen });
    cleared.addEventListener(
      'abort',
      () => {
        this.#cleared = true;
        this.#observer.disconnect();
        for (const entry of this.#entries.values()) {
          clearTimeout(entry.later);
          if (entry.made) entry.chart.destroy();
        }
        this.#entries.clear();
        this.#due.clear();
        this.#stale.clear();
      },
      { once: true },
    );
    document.addEventListener(
      'course-theme-change',
      () => {
        for (const entry of this.#entries.values()) {
          if (!entry.made) continue;
          entry.recolour = true;
          this.#changed(entry);
        }
      },
      { signal: cleared },
    );
  }

  /** Starts watching `figure`, where `chart` draws; it is drawn once it is near the screen. */
  add(figure: Element, chart: LazyChart): () => void {
    const entry: Entry = {
      chart,
      made: false,
      near: false,
      width: defaultWidth,
      recolour: false,
      drawnAt: 0,
      later: undefined,
    };
    this.#entries.set(figure, entry);
    this.#stale.add(entry);
    this.#observer.observe(figure);
    return () => this.#changed(entry);
  }

  #changed(entry: Entry): void {
    if (this.#cleared) return;
    if (!entry.near) {
      this.#stale.add(entry);
      return;
    }
    const wait = entry.made && !entry.recolour ? entry.drawnAt + redrawMs - performance.now() : 0;
    if (wait > 0) {
      entry.later ??= setTimeout(() => {
        entry.later = undefined;
        this.#changed(entry);
      }, wait);
      return;
    }
    this.#due.add(entry);
    this.#schedule();
  }

  #seen(records: IntersectionObserverEntry[]): void {
    for (const record of records) {
      const entry = this.#entries.get(record.target);
      if (!entry) continue;
      entry.near = record.isIntersecting;
      if (record.boundingClientRect.width > 0) entry.width = record.boundingClientRect.width;
      if (entry.near && this.#stale.delete(entry)) this.#changed(entry);
    }
  }

  #schedule(): void {
    if (this.#scheduled || this.#due.size === 0) return;
    this.#scheduled = true;
    requestAnimationFrame(() => {
      this.#scheduled = false;
      this.#drawSome();
    });
  }

  /**
   * Draws due charts until this frame's budget is spent (at least one, so drawing always moves on), then
   * rests for a while in proportion to what it spent.
   */
  #drawSome(): void {
    const started = performance.now();
    // While the panel is behind, its outputs (and the run's "Done", which waits for them) go first.
    if (started < this.#restUntil || this.#view.behind()) {
      this.#scheduled = true;
      requestAnimationFrame(() => {
        this.#scheduled = false;
        this.#drawSome();
      });
      return;
    }
    for (const entry of this.#due) {
      this.#due.delete(entry);
      if (this.#cleared) return;
      if (!entry.near) {
        this.#stale.add(entry);
        continue;
      }
      if (entry.made && entry.recolour) entry.chart.recolour();
      entry.recolour = false;
      entry.chart.draw(entry.width);
      entry.made = true;
      entry.drawnAt = performance.now();
      if (performance.now() - started > chartFrameBudgetMs) break;
    }
    const finished = performance.now();
    this.#restUntil = finished + (finished - started) * restFactor;
    this.#schedule();
  }
}

const drawerKey = Symbol('chart drawer');

/**
 * Shows `chart` in the figure of `canvas` (from chartCanvas): drawn when it comes near the screen and,
 * after that, at most once a frame. Returns what to call when the chart's data changes.
 */
export function drawLazily(view: OutputView, canvas: HTMLCanvasElement, chart: LazyChart): () => void {
  const drawer = view.state(drawerKey, () => new ChartDrawer(view));
  return drawer.add(canvas.parentElement ?? canvas, chart);
}

/**
 * Appends a figure with a canvas (an image with a text summary for screen readers). A bar chart passes its
 * number of bars: its height grows with them, so each bar keeps room for its label and value.
 */
export function chartCanvas(view: OutputView, bars?: number): HTMLCanvasElement {
  const figure = element('div', bars === undefined ? 'lab-chart' : 'lab-chart lab-chart-bars');
  if (bars !== undefined) figure.style.setProperty('--lab-chart-bars', String(bars));
  const canvas = element('canvas');
  canvas.setAttribute('role', 'img');
  figure.append(canvas);
  view.append(figure);
  return canvas;
}
