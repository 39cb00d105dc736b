/**
 * The output of a lab run, rendered into the server-made status line and log region.
 *
 * Outputs are queued and drawn at most once per animation frame, and old lines are dropped past a
 * limit, so a program that logs in a tight loop cannot freeze the page. Everything the program sends
 * is written with textContent: output is text, never markup.
 */
import type { LabOutput } from './protocol.ts';
import type { BarChartView, LineChartView } from './chart-view.ts';
import { formatProgressAmount } from './progress-text.ts';

export type Tone = 'neutral' | 'success' | 'warning' | 'error';

/** What the page itself adds to the output (run notices, errors) besides the program's own output. */
type PanelItem =
  | LabOutput
  | { kind: 'notice'; level: 'info' | 'warn' | 'error'; text: string; detail?: string };

const maxLines = 1_000;

function formatNumber(value: unknown): string {
  const number = Number(value);
  if (!Number.isFinite(number)) return String(value);
  if (Number.isInteger(number)) return String(number);
  return Math.abs(number) >= 1000 ? number.toFixed(1) : String(Number(number.toPrecision(4)));
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Math.sign(bytes) < 0 ? '-' : ''}${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  if (ms < 1000) return `${Number(ms.toPrecision(3))} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

interface ProgressView {
  bar: HTMLProgressElement;
  text: HTMLElement;
}

export class OutputPanel {
  readonly #status: HTMLElement;
  readonly #log: HTMLElement;
  #queue: PanelItem[] = [];
  #drawing = false;
  #generation = 0;
  #charts = new Map<number, LineChartView>();
  #allCharts: (LineChartView | BarChartView)[] = [];
  #progress = new Map<number, ProgressView>();
  #chartModule: Promise<typeof import('./chart-view.ts')> | undefined;
  #idle: (() => void)[] = [];
  /** Object URLs of this run's download links, revoked when the output is cleared. */
  #downloadUrls: string[] = [];

  constructor(status: HTMLElement, log: HTMLElement) {
    this.#status = status;
    this.#log = log;
    document.addEventListener('course-theme-change', () => {
      for (const chart of this.#allCharts) chart.recolour();
    });
  }

  setStatus(text: string, tone: Tone = 'neutral'): void {
    this.#status.textContent = text;
    this.#status.dataset.tone = tone;
  }

  /** Empties the output for a new run; anything still queued from the last one is discarded. */
  clear(): void {
    this.#generation++;
    this.#queue = [];
    this.#charts.clear();
    this.#allCharts = [];
    this.#progress.clear();
    this.#log.replaceChildren();
    for (const url of this.#downloadUrls.splice(0)) URL.revokeObjectURL(url);
  }

  push(output: LabOutput): void {
    this.#enqueue(output);
  }

  notice(level: 'info' | 'warn' | 'error', text: string, detail?: string): void {
    this.#enqueue({ kind: 'notice', level, text, detail });
  }

  /** Resolves once everything queued so far is on screen. */
  drawn(): Promise<void> {
    if (!this.#drawing && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #enqueue(item: PanelItem): void {
    this.#queue.push(item);
    if (!this.#drawing) {
      this.#drawing = true;
      requestAnimationFrame(() => void this.#draw());
    }
  }

  async #draw(): Promise<void> {
    const generation = this.#generation;
    const batch = this.#queue;
    this.#queue = [];
    for (const item of batch) {
      if ((item.kind === 'line-chart' || item.kind === 'bar-chart') && !this.#chartModule) {
        this.#chartModule = import('./chart-view.ts');
      }
      if (item.kind === 'line-chart' || item.kind === 'bar-chart') await this.#chartModule;
      if (generation !== this.#generation) break;
      await this.#render(item);
    }
    for (const chart of this.#charts.values()) chart.redraw();
    this.#trim();
    if (this.#queue.length > 0) {
      requestAnimationFrame(() => void this.#draw());
      return;
    }
    this.#drawing = false;
    for (const resolve of this.#idle.splice(0)) resolve();
  }

  async #render(item: PanelItem): Promise<void> {
    switch (item.kind) {
      case 'log':
        this.#log.append(element('pre', `lab-line lab-line-${item.level}`, String(item.text)));
        return;
      case 'notice': {
        const box = element('div', `lab-notice lab-notice-${item.level}`);
        box.append(element('p', 'lab-notice-text', item.text));
        if (item.detail) box.append(element('pre', 'lab-notice-detail', item.detail));
        this.#log.append(box);
        return;
      }
      case 'table':
        this.#log.append(this.#table(item));
        return;
      case 'timing': {
        const { timing } = item;
        const runs = Array.isArray(timing.runsMs) ? timing.runsMs.length : 0;
        const warmup = Number(timing.warmup);
        const text =
          `${String(timing.label)}: ${formatDuration(Number(timing.medianMs))} ` +
          `(median of ${runs} run${runs === 1 ? '' : 's'} after ${warmup} warm-up${warmup === 1 ? '' : 's'}, ${String(item.backend)})`;
        this.#log.append(element('pre', 'lab-line lab-line-timing', text));
        return;
      }
      case 'memory': {
        const { report } = item;
        const label = item.label ? ` (${String(item.label)})` : '';
        const text = `Memory${label}: ${formatNumber(report.numTensors)} tensors, ${formatBytes(Number(report.numBytes))} in ${formatNumber(report.numDataBuffers)} buffers`;
        this.#log.append(element('pre', 'lab-line lab-line-memory', text));
        return;
      }
      case 'progress':
        this.#renderProgress(item);
        return;
      case 'download': {
        const fileName = String(item.fileName);
        const url = URL.createObjectURL(new Blob([String(item.text)], { type: String(item.mimeType) }));
        this.#downloadUrls.push(url);
        const line = element('p', 'lab-download');
        const link = element('a', undefined, `Download ${fileName}`);
        link.href = url;
        link.download = fileName;
        line.append(link);
        this.#log.append(line);
        return;
      }
      case 'line-chart': {
        const module = await this.#chartModule;
        if (!module) return;
        const canvas = this.#chartCanvas();
        const chart = new module.LineChartView(canvas, {
          title: String(item.title),
          series: Array.isArray(item.series) ? item.series.map(String) : [],
          xLabel: item.xLabel === undefined ? undefined : String(item.xLabel),
          yLabel: item.yLabel === undefined ? undefined : String(item.yLabel),
          xScale: item.xScale === 'log' ? 'log' : 'linear',
          yScale: item.yScale === 'log' ? 'log' : 'linear',
        });
        this.#charts.set(Number(item.chartId), chart);
        this.#allCharts.push(chart);
        return;
      }
      case 'line-points':
        this.#charts.get(Number(item.chartId))?.add(Number(item.x), typeof item.values === 'object' && item.values ? item.values : {});
        return;
      case 'bar-chart': {
        const module = await this.#chartModule;
        if (!module) return;
        const labels = Array.isArray(item.labels) ? item.labels.map(String) : [];
        const values = Array.isArray(item.values) ? item.values.map(Number) : [];
        const chart = new module.BarChartView(this.#chartCanvas(), { title: String(item.title), labels, values, unit: item.unit === undefined ? undefined : String(item.unit) });
        this.#allCharts.push(chart);
        return;
      }
    }
  }

  #chartCanvas(): HTMLCanvasElement {
    const figure = element('div', 'lab-chart');
    const canvas = element('canvas');
    canvas.setAttribute('role', 'img');
    figure.append(canvas);
    this.#log.append(figure);
    return canvas;
  }

  #table(item: Extract<LabOutput, { kind: 'table' }>): HTMLElement {
    // A figure caption, not <caption>: a table's caption is only as wide as its (often narrow) table.
    const wrapper = element('figure', 'lab-table');
    const table = element('table');
    if (item.title) wrapper.append(element('figcaption', undefined, String(item.title)));
    const columns = Array.isArray(item.columns) ? item.columns.map(String) : [];
    const headRow = element('tr');
    for (const column of columns) {
      const cell = element('th', undefined, column);
      cell.scope = 'col';
      headRow.append(cell);
    }
    const head = element('thead');
    head.append(headRow);
    const body = element('tbody');
    for (const row of Array.isArray(item.rows) ? item.rows : []) {
      const tr = element('tr');
      for (const value of Array.isArray(row) ? row : []) {
        tr.append(element('td', typeof value === 'number' ? 'lab-number' : undefined, typeof value === 'number' ? formatNumber(value) : String(value ?? '')));
      }
      body.append(tr);
    }
    table.append(head, body);
    wrapper.append(table);
    return wrapper;
  }

  #renderProgress(item: Extract<LabOutput, { kind: 'progress' }>): void {
    const id = Number(item.progressId);
    let view = this.#progress.get(id);
    if (!view) {
      const row = element('div', 'lab-progress');
      const label = element('span', 'lab-progress-label', String(item.label));
      const bar = element('progress');
      bar.setAttribute('aria-label', String(item.label));
      const text = element('span', 'lab-progress-text');
      row.append(label, bar, text);
      this.#log.append(row);
      view = { bar, text };
      this.#progress.set(id, view);
    }
    const total = Math.max(0, Number(item.total));
    const done = Math.min(Math.max(0, Number(item.done)), total);
    view.bar.max = total || 1;
    view.bar.value = done;
    const eta = item.etaMs === null || !Number.isFinite(Number(item.etaMs)) ? '' : ` · about ${formatDuration(Number(item.etaMs))} left`;
    const amount = formatProgressAmount(done, total, item.unit);
    view.text.textContent = done >= total ? `${amount} · done` : `${amount}${eta}`;
  }

  /** Keeps the output to the last `maxLines` text lines; charts, tables and progress bars stay. */
  #trim(): void {
    const lines = this.#log.querySelectorAll(':scope > .lab-line');
    const excess = lines.length - maxLines;
    if (excess <= 0) return;
    for (let index = 0; index < excess; index++) lines[index]?.remove();
    if (!this.#log.querySelector(':scope > .lab-trimmed')) {
      this.#log.prepend(element('p', 'lab-trimmed', `Older lines were removed to keep the page responsive; the last ${maxLines} are shown.`));
    }
  }
}
