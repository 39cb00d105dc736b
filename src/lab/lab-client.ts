/**
 * The interactive lab, mounted onto the server-rendered <course-lab> element when it nears the
 * viewport or its Run button is pressed (see src/components/Lab.astro). It swaps the static code for a
 * Monaco editor, fills in the backend picker and runs the program in a fresh worker per run.
 *
 * The element's `data-state` tells tests and styles where it is: idle → loading (editor, or a run
 * being prepared) → running → done | error; Stop returns it to idle.
 */
import type { BackendName } from './backends.ts';
import { backendLabels, backendNames, isBackendName } from './backends.ts';
import { loadBackendChoice, saveBackendChoice } from './backend-choice.ts';
import { detectBackendSupport } from './backend-support.ts';
import { CodeStore } from './code-store.ts';
import { LabEditor, type LabFile } from './lab-editor.ts';
import { OutputPanel, formatBytes, formatDuration } from './output-panel.ts';
import { SourceMaps } from './stack-trace.ts';
import { transpile, warmUpTranspiler } from './transpile.ts';
import { WorkerRun } from './worker-run.ts';
import type { WorkerToPage } from './protocol.ts';

/** The site's data/ folder (where the CIFAR-10 chunks live), under the base path the site was built for. */
function siteDataUrl(): string {
  const base = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;
  return new URL(`${base}data/`, location.href).href;
}

export type LabState = 'idle' | 'loading' | 'running' | 'done' | 'error';

export interface LabController {
  run(): Promise<void>;
}

const saveDelayMs = 400;

function required<T extends Element>(root: Element, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`The lab markup lacks ${selector}; Lab.astro and lab-client.ts disagree.`);
  return found;
}

function readFiles(root: Element): LabFile[] {
  const json = required<HTMLScriptElement>(root, 'script[data-lab-files]').textContent ?? '[]';
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) throw new Error('The lab files are not a list.');
  return parsed.filter(
    (file): file is LabFile =>
      typeof file === 'object' && file !== null && typeof file.path === 'string' && typeof file.source === 'string',
  );
}

class InteractiveLab implements LabController {
  readonly #root: HTMLElement;
  readonly #labId: string;
  readonly #original: string;
  readonly #store: CodeStore;
  readonly #output: OutputPanel;
  readonly #editor: LabEditor;
  readonly #stopButton: HTMLButtonElement;
  readonly #runButton: HTMLButtonElement;
  #run: WorkerRun | undefined;
  /** Bumped by every Run and Stop, so a run stopped while it was still being prepared never starts. */
  #attempt = 0;
  #runStartedAt = 0;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  #backend: BackendName;

  constructor(root: HTMLElement, files: LabFile[]) {
    this.#root = root;
    this.#labId = root.dataset.labId ?? 'lab';
    const main = files.find((file) => file.path === 'main.ts');
    if (!main) throw new Error(`Lab "${this.#labId}" has no main.ts.`);
    this.#original = main.source;
    this.#store = new CodeStore(this.#labId);
    this.#output = new OutputPanel(required(root, '[data-lab-status]'), required(root, '[data-lab-log]'));
    this.#runButton = required(root, '[data-lab-action="run"]');
    this.#stopButton = required(root, '[data-lab-action="stop"]');
    this.#backend = loadBackendChoice();

    const saved = this.#store.load();
    const host = document.createElement('div');
    host.className = 'lab-editor';
    required(root, '[data-lab-code]').replaceWith(host);
    this.#editor = new LabEditor(host, {
      labId: this.#labId,
      files,
      initialCode: saved ?? this.#original,
      onChange: () => this.#scheduleSave(),
      onRunShortcut: () => void this.run(),
    });
    root.classList.add('is-interactive');
    this.#output.setStatus(
      saved === null
        ? 'Ready. Edit the code if you like, then press Run (Ctrl+Enter in the editor).'
        : 'Your edited code from last time is back. "Reset code" restores the original.',
    );

    this.#stopButton.addEventListener('click', () => this.stop());
    required<HTMLButtonElement>(root, '[data-lab-action="reset"]').addEventListener('click', () => this.#reset());
    required<HTMLButtonElement>(root, '[data-lab-action="download"]').addEventListener('click', () => this.#download());
    for (const button of root.querySelectorAll<HTMLButtonElement>('[data-lab-action]')) button.disabled = false;
    this.#stopButton.disabled = true;
    // Never lose an edit to a closed tab: save at once when the page goes away.
    addEventListener('pagehide', () => this.#saveNow());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.#saveNow();
    });
    void this.#setUpPicker();
    warmUpTranspiler();
  }

  #setState(state: LabState): void {
    this.#root.dataset.state = state;
    const busy = state === 'loading' || state === 'running';
    this.#runButton.disabled = busy;
    this.#stopButton.disabled = !busy;
  }

  async #setUpPicker(): Promise<void> {
    const inputs = this.#root.querySelectorAll<HTMLInputElement>('input[data-lab-backend]');
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
    const isolation = this.#root.querySelector<HTMLElement>('[data-lab-isolation]');
    if (isolation) isolation.hidden = globalThis.crossOriginIsolated === true;

    const support = await detectBackendSupport();
    for (const name of backendNames) {
      const detail = this.#root.querySelector<HTMLElement>(`[data-lab-backend-detail="${name}"]`);
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
    if (!this.#store.save(this.#editor.code, this.#original)) {
      this.#output.setStatus('Your edits cannot be saved in this browser (storage is full or disabled); download them to keep them.', 'warning');
    }
  }

  #reset(): void {
    this.#editor.replaceCode(this.#original);
    this.#store.clear();
    this.#output.setStatus('The original code is back. Ctrl+Z in the editor undoes the reset.');
    this.#editor.focus();
  }

  #download(): void {
    const url = URL.createObjectURL(new Blob([this.#editor.code], { type: 'text/typescript' }));
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
    if (this.#root.dataset.state === 'loading' || this.#root.dataset.state === 'running') return;
    const attempt = ++this.#attempt;
    this.#saveNow();
    this.#editor.clearRunError();
    this.#output.clear();
    delete this.#root.dataset.backend;
    this.#setState('loading');
    this.#runStartedAt = performance.now();
    const backend = this.#backend;
    this.#output.setStatus(`Preparing: translating TypeScript, then starting ${backendLabels[backend]}…`);

    let transpiled: Awaited<ReturnType<typeof transpile>>;
    try {
      transpiled = await transpile(this.#editor.modelUris, this.#editor.mainUri);
    } catch (error) {
      if (attempt === this.#attempt) {
        this.#fail('The code could not be prepared to run.', error instanceof Error ? error.message : String(error));
      }
      return;
    }
    if (attempt !== this.#attempt) return;
    if (!transpiled.ok) {
      const [first] = transpiled.problems;
      if (first) this.#editor.markRunError(first.line, first.column, first.message);
      const lines = transpiled.problems.map((problem) => `main.ts, line ${problem.line}: ${problem.message}`).join('\n');
      this.#fail(`Syntax error on line ${first?.line ?? '?'}: fix it, then run again.`, lines);
      return;
    }
    if (transpiled.typeErrors > 0) {
      const count = transpiled.typeErrors;
      this.#output.notice('info', `${count} type error${count === 1 ? ' is' : 's are'} underlined in the editor. The program runs anyway, as TypeScript only checks types.`);
    }

    const maps = new SourceMaps(new Map(transpiled.files.map((file) => [file.path, file.sourceMap])));
    this.#run = new WorkerRun(
      { backend, entry: 'main.ts', files: transpiled.files, dataUrl: siteDataUrl() },
      {
        onMessage: (message) => this.#onMessage(message, maps),
        onCrash: (reason) => this.#fail('The lab worker could not start.', reason),
      },
    );
  }

  stop(): void {
    const state = this.#root.dataset.state;
    if (state !== 'loading' && state !== 'running') return;
    this.#attempt++;
    this.#run?.stop();
    this.#run = undefined;
    this.#setState('idle');
    const elapsed = formatDuration(performance.now() - this.#runStartedAt);
    this.#output.setStatus(`Stopped after ${elapsed}. The worker running the program was shut down.`, 'warning');
    this.#output.notice('warn', `Stopped by you after ${elapsed}.`);
  }

  #onMessage(message: WorkerToPage, maps: SourceMaps): void {
    switch (message.type) {
      case 'backend-ready': {
        const { device } = message;
        this.#setState('running');
        const ran = String(device.backend);
        this.#root.dataset.backend = ran;
        const label = isBackendName(ran) ? backendLabels[ran] : ran;
        this.#output.setStatus(`Running on ${label}…`);
        if (message.fallbackReason) {
          const wanted = isBackendName(device.requested) ? backendLabels[device.requested] : String(device.requested);
          this.#output.notice('warn', `${wanted} could not start (${String(message.fallbackReason)}), so TensorFlow.js fell back to ${label}.`);
        }
        this.#output.notice('info', `Running on ${label}: ${String(device.description)}.`);
        return;
      }
      case 'output':
        this.#output.push(message.output);
        return;
      case 'finished':
        void this.#finish(message);
        return;
      case 'failed':
        this.#showRunError(message, maps);
        return;
    }
  }

  async #finish(message: Extract<WorkerToPage, { type: 'finished' }>): Promise<void> {
    this.#run = undefined;
    const leaked = Number(message.leakedTensors);
    if (leaked > 0) {
      this.#output.notice(
        'warn',
        `${leaked} tensor${leaked === 1 ? ' was' : 's were'} left alive (${formatBytes(Number(message.leakedBytes))}). ` +
          'Free tensors with tf.dispose(…) or create them inside tf.tidy(() => …): on a GPU they are not garbage-collected.',
      );
    }
    const attempt = this.#attempt;
    await this.#output.drawn();
    if (attempt !== this.#attempt) return;
    const backend = this.#root.dataset.backend ?? '';
    const label = isBackendName(backend) ? backendLabels[backend] : backend;
    this.#output.setStatus(`Done in ${formatDuration(Number(message.elapsedMs))} on ${label}.`, leaked > 0 ? 'warning' : 'success');
    this.#setState('done');
  }

  #showRunError(message: Extract<WorkerToPage, { type: 'failed' }>, maps: SourceMaps): void {
    this.#run = undefined;
    const name = String(message.error.name);
    const text = String(message.error.message);
    const stack = String(message.error.stack);
    const location = maps.locate(stack);
    // The learner edits main.ts: mark the line there that led to the error, even when a helper threw it.
    const inMain = maps.locate(stack, 'main.ts');
    if (inMain) this.#editor.markRunError(inMain.line, inMain.column, `${name}: ${text}`);
    const where = location ? ` on line ${location.line} of ${location.file}` : '';
    const labStack = maps
      .rewrite(stack)
      .split('\n')
      .filter((line) => /\b[\w.-]+\.ts:\d+:\d+/.test(line))
      .join('\n');
    const title = message.phase === 'backend' ? `TensorFlow.js could not start a backend: ${text}` : `${name}${where}: ${text}`;
    this.#fail(title, labStack || undefined, location ? `${name} on line ${location.line}` : name);
  }

  #fail(title: string, detail?: string, status?: string): void {
    this.#run?.stop();
    this.#run = undefined;
    this.#output.notice('error', title, detail);
    this.#output.setStatus(status ? `Error: ${status}. See the output below.` : `Error: ${title}`, 'error');
    this.#setState('error');
  }
}

/** Builds the interactive lab inside `root`; called by <course-lab> on first need. */
export async function mountLab(root: HTMLElement): Promise<LabController> {
  return new InteractiveLab(root, readFiles(root));
}
