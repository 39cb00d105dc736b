/**
 * The interactive lab, mounted onto the server-rendered <course-lab> element (lab-element.ts) when it
 * nears the viewport or its Run button is pressed. It owns the buttons, the backend picker, the output
 * and the run lifecycle; the editor (Monaco and its TypeScript service, several megabytes) loads on its
 * own, so that Run pressed at once starts the program the build compiled without waiting for it.
 *
 * One run at a time, each with its AbortController: Stop aborts it, which terminates the run's worker and
 * makes every await of the run give up; the lab's state lives in one field on the element (`data-state`).
 */
import type { BackendName } from '../../../labs/api/index.ts';
import { loadBackendChoice, saveBackendChoice } from './backend-choice.ts';
import { detectBackendSupport } from './backend-support.ts';
import { backendNames, isBackendName } from '../shared/backends.ts';
import { CodeStore, codeInAside } from './code-store.ts';
import { RunMarker } from './crash-marker.ts';
import type { LabHost, LabState } from './lab-host.ts';
import type { LabEditor } from './lab-editor.ts';
import { compiledProgram, readExerciseCheck, readLabFiles, type LabFile } from './lab-files.ts';
import { isContractPath } from '../shared/lab-paths.ts';
import { exerciseResultEvent, type ExerciseResultDetail } from '../exercise/exercise-result-event.ts';
import { browserMemoryBudget } from './memory-budget.ts';
import { MemoryMeter } from './memory-meter.ts';
import { OutputGate } from '../shared/output-gate.ts';
import { limitText, outputLimits } from '../shared/output-limit.ts';
import { OutputPanel } from './output-panel.ts';
import type { LabModuleSource, WorkerToPage } from '../shared/protocol.ts';
import { errorText, memoryText, noticeText, statusText } from './run-messages.ts';
import { SourceMaps, stackFrames } from './stack-trace.ts';
import { prepareWorker, startRun, type RunBreak, type RunMessage } from './worker-run.ts';

export interface LabController {
  run(): Promise<void>;
}

export interface MountOptions {
  /** Load the editor soon (the learner is reading the lab), rather than after a run's first output. */
  editorFirst: boolean;
}

const saveDelayMs = 400;

/**
 * How long a lab that came into view waits before it loads the editor. Evaluating Monaco holds the page's
 * main thread for a while; a Run pressed meanwhile (say, by a learner who scrolled straight to it) would
 * wait for that before it could show anything, so the editor gives a quick Run the way first.
 */
const editorDelayMs = 400;

/** The site's data/ folder (where the CIFAR-10 chunks live), under the base path the site was built for. */
function siteDataUrl(): string {
  const base = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;
  return new URL(`${base}data/`, location.href).href;
}

function required<T extends Element>(root: Element, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`The lab markup lacks ${selector}; Lab.astro and lab-client.ts disagree.`);
  return found;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Where a run error points in the learner's code, kept until the editor can show it. */
interface RunErrorMark {
  line: number;
  column: number;
  message: string;
}

class InteractiveLab implements LabController {
  readonly #host: LabHost;
  readonly #labId: string;
  readonly #files: LabFile[];
  /** An exercise's bundled check (Exercise.astro), run after the program; null for a plain lab. */
  readonly #check: string | null;
  readonly #original: string;
  readonly #store: CodeStore;
  readonly #output: OutputPanel;
  readonly #runButton: HTMLButtonElement;
  readonly #stopButton: HTMLButtonElement;
  /** The run's memory, in view and within its budget. */
  readonly #memory: MemoryMeter;
  /** Tells the next load of the page when a run ended it. */
  readonly #marker: RunMarker;
  #backend: BackendName;
  /** The code to run and to show until the editor has loaded: the saved edit, or the original. */
  #code: string;
  #editor: LabEditor | undefined;
  #editorLoading: Promise<LabEditor> | undefined;
  #pendingMark: RunErrorMark | undefined;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** The run in progress, if any; aborted by Stop. */
  #run: AbortController | undefined;
  /** Aborted when the editor's delayed load is no longer wanted (a run came first). */
  #editorDelay = new AbortController();
  #runStartedAt = 0;
  /** The backends this run ran on, in order: the first, then each one `lab.useBackend` switched to. */
  #ranOn: string[] = [];
  /** The backend running now, as the status line names it. */
  #runningOn = '';
  /** The run's current stage (`lab.stage`), which the status line names with the backend. */
  #stage: string | undefined;
  /** Whether the editor waits for a run's first output to be drawn (once, however many outputs arrive). */
  #editorAfterFirstDraw = false;
  /** The server's rendering of the code, kept for print once the editor has taken its place. */
  #printed: HTMLElement | undefined;

  constructor(host: LabHost, options: MountOptions) {
    this.#host = host;
    this.#labId = host.dataset.labId ?? 'lab';
    this.#files = readLabFiles(required<HTMLScriptElement>(host, 'script[data-lab-files]').textContent ?? '');
    this.#check = readExerciseCheck(host.querySelector('script[data-lab-check]')?.textContent);
    this.#original = this.#files.find((file) => file.path === 'main.ts')?.source ?? '';
    this.#store = new CodeStore(this.#labId);
    this.#output = new OutputPanel(required(host, '[data-lab-status]'), required(host, '[data-lab-log]'), {
      onRenderError: (error, kind) => this.#failRun(errorText.render(kind), errorMessage(error), errorText.renderSummary),
      onStage: (stage) => {
        this.#stage = stage.name;
        if (this.#host.state === 'running')
          this.#output.setStatus(statusText.stage(stage.name, this.#runningOn || stage.backend));
      },
    });
    this.#memory = new MemoryMeter(required(host, '[data-lab-status]'), browserMemoryBudget());
    this.#marker = new RunMarker(this.#labId);
    this.#runButton = required(host, '[data-lab-action="run"]');
    this.#stopButton = required(host, '[data-lab-action="stop"]');
    this.#backend = loadBackendChoice();
    const saved = this.#store.load();
    this.#code = saved ?? this.#original;

    this.#stopButton.addEventListener('click', () => this.stop());
    required<HTMLButtonElement>(host, '[data-lab-action="reset"]').addEventListener('click', () => this.#reset());
    required<HTMLButtonElement>(host, '[data-lab-action="download"]').addEventListener('click', () => this.#download());
    for (const button of host.querySelectorAll<HTMLButtonElement>('[data-lab-action]')) button.disabled = false;
    // Never lose an edit to a closed tab: save at once when the page goes away.
    addEventListener('pagehide', () => this.#saveNow());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.#saveNow();
    });
    this.#setUpPicker();
    this.#setState('idle');
    this.#output.setStatus(saved === null ? statusText.ready : statusText.restored);
    const setAside = this.#store.setAside;
    if (setAside !== null) this.#output.notice('warn', statusText.setAside, codeInAside(setAside));
    void this.#marker.lastRunEndedPage().then((record) => {
      if (record) this.#output.notice('warn', memoryText.lastRunEndedPage(record.codeSaved));
    });
    prepareWorker();
    if (options.editorFirst) this.#loadEditorSoon();
  }

  #setState(state: LabState): void {
    // A button that disables itself would drop keyboard focus to the page: hand it to the other one.
    const focused = document.activeElement;
    this.#host.state = state;
    const busy = this.#busy;
    this.#runButton.disabled = busy;
    this.#stopButton.disabled = !busy;
    if (busy && focused === this.#runButton) this.#stopButton.focus();
    else if (!busy && focused === this.#stopButton) this.#runButton.focus();
    if (!busy) {
      this.#memory.end();
      this.#marker.end();
    }
  }

  get #busy(): boolean {
    return this.#host.state === 'loading' || this.#host.state === 'running';
  }

  /** After a short wait, then when the page is idle, unless a run starts first (see editorDelayMs). */
  #loadEditorSoon(): void {
    const { signal } = this.#editorDelay;
    const whenIdle = globalThis.requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 0));
    setTimeout(() => {
      if (!signal.aborted) whenIdle(() => signal.aborted || this.#afterwards(), { timeout: 1000 });
    }, editorDelayMs);
  }

  /**
   * Puts the code as it is now in the printed copy; untouched code keeps the server's highlighting. Runs
   * with every save and before printing (a print preview opened by other means sees the last save).
   */
  #printCode(): void {
    const printed = this.#printed;
    if (!printed) return;
    const code = this.#editor?.code ?? this.#code;
    if (code === this.#original && printed.dataset.edited === undefined) return;
    printed.dataset.edited = '';
    const pre = document.createElement('pre');
    pre.className = 'astro-code';
    pre.append(Object.assign(document.createElement('code'), { textContent: code }));
    printed.replaceChildren(pre);
  }

  /** What waits until a run has shown something (or was not asked for): the editor and the picker's details. */
  #afterwards(): void {
    this.#editorDelay.abort();
    void this.#loadEditor().catch(() => undefined);
    void this.#describeBackends();
  }

  #loadEditor(): Promise<LabEditor> {
    this.#editorLoading ??= (async () => {
      const { LabEditor } = await import('./lab-editor.ts');
      const host = document.createElement('div');
      host.className = 'lab-editor';
      const editor = new LabEditor(host, {
        labId: this.#labId,
        files: this.#files,
        initialCode: this.#code,
        onChange: () => this.#scheduleSave(),
        onRunShortcut: () => void this.run(),
      });
      // The server's highlighted code stays, hidden on screen, as what the lab prints: the editor only
      // draws the lines in view, so on paper it would cut the program short.
      const printed = required<HTMLElement>(this.#host, '[data-lab-code]');
      printed.after(host);
      printed.classList.add('lab-code-print-only');
      this.#printed = printed;
      window.addEventListener('beforeprint', () => this.#printCode());
      this.#editor = editor;
      if (this.#pendingMark) editor.markRunError(this.#pendingMark.line, this.#pendingMark.column, this.#pendingMark.message);
      this.#pendingMark = undefined;
      return editor;
    })().catch((error: unknown) => {
      this.#editorLoading = undefined;
      this.#output.setStatus(statusText.editorFailed(errorMessage(error)), 'error');
      throw error;
    });
    return this.#editorLoading;
  }

  #setUpPicker(): void {
    const inputs = this.#host.querySelectorAll<HTMLInputElement>('input[data-lab-backend]');
    for (const input of inputs) {
      input.disabled = false;
      input.checked = input.value === this.#backend;
      input.addEventListener('change', () => {
        if (!input.checked || !isBackendName(input.value)) return;
        this.#backend = input.value;
        saveBackendChoice(input.value);
        // Other labs on the page follow, so the choice reads the same everywhere.
        document.dispatchEvent(new CustomEvent('course-lab-backend', { detail: input.value }));
      });
    }
    document.addEventListener('course-lab-backend', (event) => {
      const backend = (event as CustomEvent<unknown>).detail;
      if (!isBackendName(backend)) return;
      this.#backend = backend;
      for (const input of inputs) input.checked = input.value === backend;
    });
    const isolation = this.#host.querySelector<HTMLElement>('[data-lab-isolation]');
    if (isolation) isolation.hidden = globalThis.crossOriginIsolated === true;
  }

  /** What each backend will use here, or why it cannot run (a WebGL context and a WebGPU adapter to ask). */
  async #describeBackends(): Promise<void> {
    const support = await detectBackendSupport();
    for (const name of backendNames) {
      const detail = this.#host.querySelector<HTMLElement>(`[data-lab-backend-detail="${name}"]`);
      if (!detail) continue;
      detail.textContent = support[name].detail;
      detail.dataset.available = String(support[name].available);
    }
  }

  #scheduleSave(): void {
    clearTimeout(this.#saveTimer);
    this.#saveTimer = setTimeout(() => this.#saveNow(), saveDelayMs);
  }

  #saveNow(): void {
    clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
    if (!this.#editor) return;
    this.#code = this.#editor.code;
    if (!this.#store.save(this.#code, this.#original)) this.#output.setStatus(statusText.notSaved, 'warning');
    this.#printCode();
  }

  #reset(): void {
    this.#store.clear();
    this.#code = this.#original;
    this.#editor?.replaceCode(this.#original);
    this.#printCode();
    this.#output.setStatus(statusText.reset);
    this.#editor?.focus();
  }

  #download(): void {
    const url = URL.createObjectURL(new Blob([this.#editor?.code ?? this.#code], { type: 'text/typescript' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${this.#labId}-main.ts`;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  async run(): Promise<void> {
    if (this.#busy) return;
    const run = new AbortController();
    this.#run = run;
    const { signal } = run;
    // The editor waits for this run's first output, unless it is loading already.
    this.#editorDelay.abort();
    this.#saveNow();
    this.#editor?.clearRunError();
    this.#pendingMark = undefined;
    this.#output.clear();
    delete this.#host.dataset.backend;
    this.#ranOn = [];
    this.#runningOn = '';
    this.#stage = undefined;
    this.#setState('loading');
    this.#runStartedAt = performance.now();
    const backend = this.#backend;
    const original = this.#code === this.#original;
    this.#output.setStatus(statusText.preparing(backend, !original));

    const files = original ? compiledProgram(this.#files) : await this.#transpile(signal);
    if (!files || signal.aborted) return;

    // Source maps are parsed only if the run fails.
    let maps: SourceMaps | undefined;
    const sourceMaps = () => (maps ??= new SourceMaps(new Map(files.map((file) => [file.path, file.sourceMap]))));
    // Should this run take the tab down, the next load says so; the code it runs is saved by now (#saveNow).
    this.#marker.begin((this.#store.load() ?? this.#original) === this.#code);
    this.#memory.start((excess) =>
      this.#fail(signal, memoryText.overBudget(excess), memoryText.overBudgetAdvice, memoryText.overBudgetSummary),
    );
    const memoryBudget = this.#memory.budget.tensorBytes;
    // The page's own count of this run's outputs: what the program posts past the lab API counts too.
    const gate = new OutputGate();
    // Only the check's result carries this run's secret: a program cannot post one the page believes.
    const exercise = this.#check === null ? undefined : { check: this.#check, secret: crypto.randomUUID() };
    startRun({ backend, entry: 'main.ts', files, dataUrl: siteDataUrl(), memoryBudget, exercise }, signal, {
      onMessage: (message) => this.#onMessage(message, signal, sourceMaps, gate, exercise?.secret),
      onUnreadable: (problem) => {
        if (gate.refuse()) this.#flooded(signal, gate);
        else if (gate.refused <= outputLimits.unreadableNotices) this.#output.notice('warn', noticeText.unreadable(problem));
      },
      onBreak: (reason) => this.#onBreak(reason, signal),
    });
  }

  #onBreak(reason: RunBreak, signal: AbortSignal): void {
    switch (reason.cause) {
      case 'worker-failed':
        return this.#fail(signal, errorText.workerCrashed, reason.detail);
      case 'worker-gone':
        return this.#fail(signal, errorText.workerGone, undefined, errorText.workerGoneSummary);
      case 'unreadable':
        return this.#fail(signal, errorText.unreadable, reason.detail, errorText.unreadableSummary);
      case 'page':
        return this.#fail(signal, errorText.pageFault, errorMessage(reason.error), errorText.pageFaultSummary);
    }
  }

  /** The program posted far past the output limits: what is not drawn yet goes too, and the run ends. */
  #flooded(signal: AbortSignal, gate: OutputGate): void {
    if (signal.aborted) return;
    this.#output.discardQueued();
    this.#fail(signal, errorText.flood(gate.refused), undefined, errorText.floodSummary);
  }

  /** Ends the run in progress, if any, with an error; otherwise just says so. */
  #failRun(title: string, detail?: string, summary?: string): void {
    const run = this.#run;
    if (run) this.#fail(run.signal, title, detail, summary);
    else this.#output.notice('error', title, detail);
  }

  /** Edited code: the editor's TypeScript turns it into JavaScript; null when the run cannot go on. */
  async #transpile(signal: AbortSignal): Promise<LabModuleSource[] | null> {
    try {
      const editor = await this.#loadEditor();
      if (signal.aborted) return null;
      const result = await editor.transpile();
      if (signal.aborted) return null;
      if (!result.ok) {
        const [first] = result.problems;
        if (first) editor.markRunError(first.line, first.column, first.message);
        const lines = result.problems.map((problem) => errorText.syntaxLine('main.ts', problem.line, problem.message)).join('\n');
        this.#fail(signal, errorText.syntax(first?.line), lines);
        return null;
      }
      if (result.typeErrors.length > 0) {
        const lines = result.typeErrors.map((problem) => noticeText.typeErrorLine(problem.line, problem.message)).join('\n');
        this.#output.notice('warn', noticeText.typeErrors(result.typeErrors.length), lines);
      } else if (!result.typesChecked) this.#output.notice('info', noticeText.typesUnchecked);
      // The contract modules the lab imports are not the editor's to change: they run as the build compiled them.
      return [...result.files, ...compiledProgram(this.#files.filter((file) => isContractPath(file.path)))];
    } catch (error) {
      this.#fail(signal, errorText.prepare, errorMessage(error));
      return null;
    }
  }

  stop(): void {
    if (!this.#busy) return;
    this.#run?.abort();
    this.#run = undefined;
    this.#setState('idle');
    const elapsed = performance.now() - this.#runStartedAt;
    this.#output.setStatus(statusText.stopped(elapsed), 'warning');
    this.#output.notice('warn', noticeText.stopped(elapsed));
    this.#afterwards();
  }

  #onMessage(message: RunMessage, signal: AbortSignal, maps: () => SourceMaps, gate: OutputGate, secret?: string): void {
    switch (message.type) {
      case 'exercise-result': {
        if (secret === undefined || message.secret !== secret) {
          this.#output.notice('warn', noticeText.forgedCheck);
          return;
        }
        const detail: ExerciseResultDetail = { requirements: message.requirements };
        this.#host.dispatchEvent(new CustomEvent(exerciseResultEvent, { bubbles: true, detail }));
        return;
      }
      case 'backend-ready': {
        const { device } = message;
        this.#setState('running');
        this.#host.dataset.backend = device.backend;
        this.#ranOnNow(device.backend);
        this.#output.setStatus(statusText.running(device.backend));
        if (message.fallbackReason)
          this.#output.notice('warn', noticeText.fellBack(device.requested, message.fallbackReason, device.backend));
        this.#output.notice('info', noticeText.running(device.backend, device.description));
        return;
      }
      case 'output': {
        if (message.output.kind === 'backend' && message.output.backend !== this.#runningOn) {
          this.#ranOnNow(message.output.backend);
          const { backend } = message.output;
          this.#output.setStatus(
            this.#stage === undefined ? statusText.running(backend) : statusText.stage(this.#stage, backend),
          );
        }
        const admission = gate.admit(message.output);
        if (admission.show) this.#output.push(message.output);
        else if (admission.flood) this.#flooded(signal, gate);
        else if (admission.first) this.#output.notice('warn', limitText.reached(admission.group, admission.cap));
        // Once: a flood of outputs must not queue a wait each.
        if (!this.#editorLoading && !this.#editorAfterFirstDraw) {
          this.#editorAfterFirstDraw = true;
          void this.#output.drawn().then(() => this.#afterwards());
        }
        return;
      }
      case 'memory':
        this.#memory.sample(message);
        return;
      case 'finished':
        this.#finish(message, signal).catch((error: unknown) =>
          this.#fail(signal, errorText.pageFault, errorMessage(error), errorText.pageFaultSummary),
        );
        return;
      case 'failed':
        this.#showRunError(message, signal, maps());
        return;
    }
  }

  async #finish(message: Extract<WorkerToPage, { type: 'finished' }>, signal: AbortSignal): Promise<void> {
    if (message.leakedTensors > 0) this.#output.notice('warn', noticeText.leaked(message.leakedTensors, message.leakedBytes));
    await this.#output.drawn();
    if (signal.aborted) return;
    this.#run = undefined;
    this.#output.finishStages();
    this.#output.setStatus(statusText.done(message.elapsedMs, this.#ranOn), message.leakedTensors > 0 ? 'warning' : 'success');
    this.#setState('done');
    this.#afterwards();
  }

  /** The run is on `backend` now. */
  #ranOnNow(backend: string): void {
    this.#runningOn = backend;
    if (!this.#ranOn.includes(backend)) this.#ranOn.push(backend);
  }

  #showRunError(message: Extract<WorkerToPage, { type: 'failed' }>, signal: AbortSignal, maps: SourceMaps): void {
    const { name, message: text } = message.error;
    // Frames only: a message that happens to read like a position ("lab:main.ts:0:0") is no frame.
    const stack = stackFrames(message.error);
    const location = maps.locate(stack);
    // The learner edits main.ts: mark the line there that led to the error, even when a helper threw it.
    const inMain = maps.locate(stack, 'main.ts');
    if (inMain) this.#markRunError({ line: inMain.line, column: inMain.column, message: `${name}: ${text}` });
    const labStack = maps
      .rewrite(stack)
      .split('\n')
      .filter((line) => /\b[\w.-]+\.ts:\d+:\d+/.test(line))
      .join('\n');
    switch (message.phase) {
      case 'backend':
        return this.#fail(signal, errorText.backend(text), labStack || undefined);
      case 'program':
        return this.#fail(
          signal,
          errorText.program(name, text, location),
          labStack || undefined,
          errorText.programSummary(name, location),
        );
      case 'after-main':
        return this.#fail(
          signal,
          errorText.afterMain(name, text, location),
          labStack || undefined,
          errorText.afterMainSummary(name, location),
        );
    }
  }

  #markRunError(mark: RunErrorMark): void {
    if (this.#editor) this.#editor.markRunError(mark.line, mark.column, mark.message);
    else this.#pendingMark = mark;
  }

  /** Ends the run with an error notice, unless it was stopped meanwhile. */
  #fail(signal: AbortSignal, title: string, detail?: string, summary?: string): void {
    if (signal.aborted) return;
    this.#run?.abort();
    this.#run = undefined;
    this.#output.notice('error', title, detail);
    this.#output.setStatus(statusText.error(title, summary), 'error');
    this.#setState('error');
    this.#afterwards();
  }
}

/** Builds the interactive lab inside `host`; called by <course-lab> on first need. */
export function mountLab(host: LabHost, options: MountOptions): LabController {
  return new InteractiveLab(host, options);
}
