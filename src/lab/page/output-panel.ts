/**
 * The output of a lab run, drawn into the server-made status line and log region (Lab.astro).
 *
 * Outputs are queued and drawn in animation frames, each frame drawing a few hundred elements and a few
 * milliseconds at most (the rest waits for the next one; a big table takes several frames), so whatever a
 * run sends, the page keeps answering input. Updates
 * that supersede each other (a progress bar's) replace each other while they wait, and old lines are
 * dropped past a limit. Charts are the exception to drawing here: the panel hands a chart its points, and
 * the chart drawer (outputs/chart-figure.ts) draws the charts near the screen afterwards, so "Done" never
 * waits for Chart.js; and a chart's points, which add no element, go to their chart as they arrive rather
 * than through the queue (`OutputKind.absorb`), so "Done" does not wait for thousands of them either. Each kind draws itself (outputs/); this panel only orders the drawing, reports
 * a kind that fails to draw, and clears the output between runs. Everything the program sends is
 * written as text, never as markup.
 */
import { kindOf, type LabOutput } from '../outputs/index.ts';
import { renderNotice, type NoticeOutput } from '../outputs/notice.ts';
import { element, type OutputKind, type OutputView } from '../outputs/output-kind.ts';
import { progressText } from '../outputs/progress.ts';
import { finishStages, type StageOutput } from '../outputs/stage.ts';
import './output-panel.css';

export type Tone = 'neutral' | 'success' | 'warning' | 'error';

/** What the panel draws: the program's outputs and the page's own notices. */
type PanelItem = LabOutput | NoticeOutput;

/** Text lines kept on screen; older ones are removed. */
const maxLines = 1_000;

/**
 * What one frame may draw: for how long, and how many elements. A frame lasts 16 ms at 60 Hz, and after
 * the drawing the browser still has to style, lay out and paint what was added, and to answer the
 * learner's clicks. What that costs varies a hundredfold (a fast desktop, a phone, a machine busy with
 * other work), so the element allowance follows the frames: it doubles while frames come on time and
 * halves when one comes late.
 */
const frameBudgetMs = 8;
const elementAllowance = { start: 200, min: 100, max: 3_200 };
/** Frame intervals (ms) under which the allowance grows, over which it shrinks. */
const onTimeMs = 25;
const lateMs = 50;

export interface OutputPanelOptions {
  /** A kind threw while drawing an output (`kind`): reported once per run, the drawing goes on. */
  onRenderError: (error: unknown, kind: string) => void;
  /** A new stage of the run is on screen (`lab.stage`): the status line, which screen readers announce, says so. */
  onStage?: (stage: StageOutput) => void;
}

/** How close to its end (px) the log counts as scrolled to the end, and so follows new output. */
const followSlackPx = 16;

type RunView = OutputView & { clear(): void; failed: boolean };

export class OutputPanel {
  readonly #status: HTMLElement;
  readonly #log: HTMLElement;
  readonly #onRenderError: OutputPanelOptions['onRenderError'];
  readonly #onStage: OutputPanelOptions['onStage'];
  /**
   * The run's header below the status line: where the current stage is ('epoch 2 of 3') and the latest
   * progress bar with its time left. Not a live region: it changes every few hundred milliseconds, and
   * the status line already announces each stage.
   */
  readonly #now: HTMLElement;
  #stageNow = '';
  /** The stage the header and the status line speak of. */
  #stageId: number | undefined;
  #progressNow = '';
  /** Shown when output arrived below while the learner had scrolled the log up; a click jumps down. */
  readonly #newOutput: HTMLButtonElement;
  /** Whether the log keeps its newest output in view: until the learner scrolls up, and again once back at the end. */
  #following = true;
  /** Whether something was added to the log while it did not follow. */
  #unseen = false;
  /** Where outputs go: the log, or the current stage's section (`OutputView.into`). */
  #target: Element;
  /** Items to draw, from `#next` on (a cursor, so taking from the front costs nothing). */
  #queue: PanelItem[] = [];
  #next = 0;
  /** Queued items that a later output with the same key replaces (see `OutputKind.replaces`). */
  #replaceable = new Map<string, PanelItem>();
  #drawing = false;
  /** Whether the drawing ran out of a frame's share and waits for the next frame with items left. */
  #behind = false;
  #idle: (() => void)[] = [];
  /** This frame's share: when it started, and the elements it may still draw, of `#allowance`. */
  #frameStart = 0;
  #allowance = elementAllowance.start;
  #elementsLeft = elementAllowance.start;
  /** When the previous frame that drew started (requestAnimationFrame's timestamp), to see whether frames come late. */
  #lastFrameAt: number | undefined;
  #view: RunView;

  constructor(status: HTMLElement, log: HTMLElement, options: OutputPanelOptions) {
    this.#status = status;
    this.#log = log;
    this.#onRenderError = options.onRenderError;
    this.#onStage = options.onStage;
    this.#target = log;
    this.#now = element('p', 'lab-now');
    this.#now.hidden = true;
    this.#newOutput = element('button', 'lab-new-output', 'New output below ↓');
    this.#newOutput.type = 'button';
    this.#newOutput.hidden = true;
    this.#newOutput.addEventListener('click', () => {
      this.#following = true;
      this.#scrollToEnd();
      this.#log.focus({ preventScroll: true });
    });
    status.after(this.#now);
    log.after(this.#newOutput);
    log.addEventListener('scroll', () => {
      this.#following = log.scrollHeight - log.scrollTop - log.clientHeight <= followSlackPx;
      if (this.#following) {
        this.#unseen = false;
        this.#newOutput.hidden = true;
      }
    });
    this.#view = this.#newView();
  }

  setStatus(text: string, tone: Tone = 'neutral'): void {
    this.#status.textContent = text;
    this.#status.dataset.tone = tone;
  }

  /** Folds the run's last stage away as done: the run ended well. */
  finishStages(): void {
    finishStages(this.#view);
    this.#setNow('', '');
    this.#showNow();
  }

  /** Empties the output for a new run; anything still queued from the last one is discarded. */
  clear(): void {
    this.#view.clear();
    this.#view = this.#newView();
    this.#target = this.#log;
    this.#stageId = undefined;
    this.#following = true;
    this.#unseen = false;
    this.#newOutput.hidden = true;
    this.#setNow('', '');
    this.#showNow();
    this.#queue = [];
    this.#next = 0;
    this.#replaceable.clear();
    this.#log.replaceChildren();
  }

  /** Drops the outputs not drawn yet (a run that flooded the page); what is on screen stays. */
  discardQueued(): void {
    this.#queue = this.#queue.slice(0, this.#next);
    this.#replaceable.clear();
  }

  push(output: LabOutput): void {
    const kind = kindOf(output);
    if (kind.absorb && this.#absorbed(kind, output)) return;
    const key = kind.replaces?.(output);
    if (key !== undefined) {
      const waiting = this.#replaceable.get(key);
      if (waiting) {
        Object.assign(waiting, output);
        return;
      }
      this.#replaceable.set(key, output);
    }
    this.#enqueue(output);
  }

  /** Whether `kind` took `output` at once (see `OutputKind.absorb`); a failure is reported as a failed draw. */
  #absorbed(kind: OutputKind<LabOutput>, output: LabOutput): boolean {
    const view = this.#view;
    try {
      return kind.absorb?.(output, view) ?? false;
    } catch (error) {
      if (!view.failed) {
        view.failed = true;
        this.#onRenderError(error, output.kind);
      }
      return true;
    }
  }

  notice(level: NoticeOutput['level'], text: string, detail?: string): void {
    this.#enqueue({ kind: 'notice', level, text, detail });
  }

  /** Resolves once everything queued so far is on screen. */
  drawn(): Promise<void> {
    if (!this.#drawing && this.#next >= this.#queue.length) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** One run's view of the log: appends there, keeps per-kind state, and is cleared with the output. */
  #newView(): RunView {
    const cleared = new AbortController();
    const states = new Map<symbol, unknown>();
    return {
      append: (node) => {
        this.#target.append(node);
        if (!this.#following) this.#unseen = true;
      },
      placeFirst: (node) => {
        this.#log.prepend(node);
        // The verdict comes last and goes first: show it, rather than the end of the log.
        this.#following = false;
        this.#log.scrollTop = 0;
      },
      into: (container) => {
        this.#target = container ?? this.#log;
      },
      state<T>(key: symbol, create: () => T): T {
        if (!states.has(key)) states.set(key, create());
        return states.get(key) as T;
      },
      cleared: cleared.signal,
      clear: () => cleared.abort(),
      failed: false,
      pace: (elements) => this.#pace(elements),
      behind: () => this.#behind,
    };
  }

  /** Counts elements drawn in this frame; when the frame has had its share, waits for the next one. */
  async #pace(elements: number): Promise<void> {
    this.#elementsLeft -= elements;
    if (this.#elementsLeft > 0 && performance.now() - this.#frameStart < frameBudgetMs) return;
    this.#trim();
    // Scrolling waits until the panel has caught up (the end of #draw): following a flood frame by frame
    // would bring each new chart on screen to be drawn, and the page would answer late (tests/e2e/lab-robustness.spec.ts).
    this.#showNow();
    this.#behind = true;
    await new Promise<void>((resolve) =>
      requestAnimationFrame((at) => {
        this.#startFrame(at);
        resolve();
      }),
    );
  }

  /** A frame starts drawing at `at`: its allowance follows how late it came after the previous one. */
  #startFrame(at: number): void {
    const interval = this.#lastFrameAt === undefined ? onTimeMs : at - this.#lastFrameAt;
    this.#lastFrameAt = at;
    if (interval < onTimeMs) this.#allowance = Math.min(elementAllowance.max, this.#allowance * 2);
    else if (interval > lateMs) this.#allowance = Math.max(elementAllowance.min, this.#allowance / 2);
    this.#frameStart = performance.now();
    this.#elementsLeft = this.#allowance;
  }

  #enqueue(item: PanelItem): void {
    this.#queue.push(item);
    if (!this.#drawing) {
      this.#drawing = true;
      requestAnimationFrame((at) => {
        // The first frame after a pause: no interval to judge by.
        this.#lastFrameAt = undefined;
        this.#startFrame(at);
        void this.#draw();
      });
    }
  }

  /** Draws until the queue is empty, pacing itself over frames; a clear() meanwhile moves it to the new run's view. */
  async #draw(): Promise<void> {
    try {
      while (this.#next < this.#queue.length) {
        const view = this.#view;
        const item = this.#queue[this.#next++];
        await this.#drawItem(item, view);
        // Outputs a kind may absorb (points that waited for their chart) add no element: only the frame's
        // time limits how many go at once.
        await this.#pace(item.kind !== 'notice' && kindOf(item).absorb ? 0 : 1);
      }
      this.#queue = [];
      this.#next = 0;
      this.#trim();
      this.#follow();
    } finally {
      this.#drawing = false;
      this.#behind = false;
      for (const resolve of this.#idle.splice(0)) resolve();
    }
  }

  async #drawItem(item: PanelItem, view: RunView): Promise<void> {
    if (view.cleared.aborted) return;
    try {
      if (item.kind === 'notice') {
        view.append(renderNotice(item));
        return;
      }
      const kind = kindOf(item);
      const key = kind.replaces?.(item);
      if (key !== undefined && this.#replaceable.get(key) === item) this.#replaceable.delete(key);
      await kind.render(item, view);
      this.#drewOutput(item);
    } catch (error) {
      // The output of a run that was cleared meanwhile (a chart that loaded too late) is no one's concern.
      if (view.failed || view.cleared.aborted) return;
      view.failed = true;
      this.#onRenderError(error, item.kind);
    }
  }

  /** What a drawn output changes in the run's header. */
  #drewOutput(output: LabOutput): void {
    if (output.kind === 'stage') {
      // A stage's first output and its first `now` may have merged while they waited: go by id.
      const isNew = output.stageId !== this.#stageId;
      this.#stageId = output.stageId;
      this.#setNow(output.now ?? '', isNew ? '' : this.#progressNow);
      if (isNew) this.#onStage?.(output);
    } else if (output.kind === 'progress') {
      this.#setNow(this.#stageNow, output.done >= output.total ? '' : `${output.label}: ${progressText(output)}`);
    }
  }

  /** Notes what the header's line says now; the line itself changes once a frame (#showNow), however many progress updates a frame draws. */
  #setNow(stageNow: string, progressNow: string): void {
    this.#stageNow = stageNow;
    this.#progressNow = progressNow;
  }

  #showNow(): void {
    const text = [this.#stageNow, this.#progressNow].filter(Boolean).join(' · ');
    if (this.#now.textContent !== text) this.#now.textContent = text;
    this.#now.hidden = text === '';
  }

  /** After a frame's drawing: the header's line says what is happening now; keep the newest output in view, or offer to jump to it. */
  #follow(): void {
    this.#showNow();
    if (this.#following) this.#scrollToEnd();
    else if (this.#unseen) this.#newOutput.hidden = false;
  }

  #scrollToEnd(): void {
    this.#log.scrollTop = this.#log.scrollHeight;
    this.#unseen = false;
    this.#newOutput.hidden = true;
  }

  /** Keeps the output to the last `maxLines` text lines; charts, tables and progress bars stay. */
  #trim(): void {
    const lines = this.#log.querySelectorAll('.lab-line');
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
