/**
 * The output of a lab run, drawn into the server-made status line and log region (Lab.astro).
 *
 * Outputs are queued and drawn at most once per animation frame, and old lines are dropped past a
 * limit, so a program that logs in a tight loop cannot freeze the page. Each kind draws itself
 * (outputs/); this panel only orders the drawing and clears it between runs. Everything the program
 * sends is written as text, never as markup.
 */
import { kindOf, type LabOutput } from './outputs/index.ts';
import { renderNotice, type NoticeOutput } from './outputs/notice.ts';
import { element, type OutputView } from './outputs/output-kind.ts';
import './output-panel.css';

export type Tone = 'neutral' | 'success' | 'warning' | 'error';

/** What the panel draws: the program's outputs and the page's own notices. */
type PanelItem = LabOutput | NoticeOutput;

const maxLines = 1_000;

export class OutputPanel {
  readonly #status: HTMLElement;
  readonly #log: HTMLElement;
  #queue: PanelItem[] = [];
  #drawing = false;
  #idle: (() => void)[] = [];
  #view: OutputView & { clear(): void };

  constructor(status: HTMLElement, log: HTMLElement) {
    this.#status = status;
    this.#log = log;
    this.#view = this.#newView();
  }

  setStatus(text: string, tone: Tone = 'neutral'): void {
    this.#status.textContent = text;
    this.#status.dataset.tone = tone;
  }

  /** Empties the output for a new run; anything still queued from the last one is discarded. */
  clear(): void {
    this.#view.clear();
    this.#view = this.#newView();
    this.#queue = [];
    this.#log.replaceChildren();
  }

  push(output: LabOutput): void {
    this.#enqueue(output);
  }

  notice(level: NoticeOutput['level'], text: string, detail?: string): void {
    this.#enqueue({ kind: 'notice', level, text, detail });
  }

  /** Resolves once everything queued so far is on screen. */
  drawn(): Promise<void> {
    if (!this.#drawing && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** One run's view of the log: appends there, keeps per-kind state, and is cleared with the output. */
  #newView(): OutputView & { clear(): void } {
    const cleared = new AbortController();
    const states = new Map<symbol, unknown>();
    return {
      append: (node) => this.#log.append(node),
      state<T>(key: symbol, create: () => T): T {
        if (!states.has(key)) states.set(key, create());
        return states.get(key) as T;
      },
      cleared: cleared.signal,
      clear: () => cleared.abort(),
    };
  }

  #enqueue(item: PanelItem): void {
    this.#queue.push(item);
    if (!this.#drawing) {
      this.#drawing = true;
      requestAnimationFrame(() => void this.#draw());
    }
  }

  async #draw(): Promise<void> {
    const view = this.#view;
    const batch = this.#queue;
    this.#queue = [];
    for (const item of batch) {
      // A clear() while a chart loaded: the rest of this batch belonged to the previous run.
      if (view.cleared.aborted) break;
      if (item.kind === 'notice') view.append(renderNotice(item));
      else await kindOf(item).render(item, view);
    }
    this.#trim();
    if (this.#queue.length > 0) {
      requestAnimationFrame(() => void this.#draw());
      return;
    }
    this.#drawing = false;
    for (const resolve of this.#idle.splice(0)) resolve();
  }

  /** Keeps the output to the last `maxLines` text lines; charts, tables and progress bars stay. */
  #trim(): void {
    const lines = this.#log.querySelectorAll(':scope > .lab-line');
    const excess = lines.length - maxLines;
    if (excess <= 0) return;
    for (let index = 0; index < excess; index++) lines[index]?.remove();
    if (!this.#log.querySelector(':scope > .lab-trimmed')) {
      this.#log.prepend(
        element('p', 'lab-trimmed', `Older lines were removed to keep the page responsive; the last ${maxLines} are shown.`),
      );
    }
  }
}
