/**
 * <class-results> (src/pages/instructors/class-results.astro): an instructor adds many results files,
 * by choosing, dropping or pasting them, and sees their runs grouped by device and backend (class-results.ts),
 * as a table and a bar chart of the median speeds.
 *
 * Files are read here, in the page (File.text()), and kept in memory only: nothing is sent anywhere. Each
 * is checked on its own: a file that cannot be read is listed with the reason and the others stay. A run
 * already added (the same file twice, or two downloads from one browser that overlap) is counted once.
 */
import { RESULTS_FILE_MAX_BYTES, RESULTS_FILE_MAX_TEXT } from '../../labs/api/results-file.ts';
import { formatNumber } from '../lab/index.ts';
import { ClassFileError, figureText, groupRuns, readClassFile, runKey, type ClassGroup, type ClassRun } from './class-results.ts';

const svgNamespace = 'http://www.w3.org/2000/svg';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function svg<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(svgNamespace, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

/** A horizontal bar per group: its name above, its median images/s at the bar's end. Colours come from the theme (CSS). */
function groupChart(groups: readonly ClassGroup[]): SVGSVGElement {
  const width = 720;
  const rowHeight = 46;
  const labelWidth = 80; // room for the value after the longest bar
  const height = groups.length * rowHeight + 8;
  // The fastest median sets the scale; bars of tiny figures get the shortest visible width, never NaN.
  const top = groups.reduce((fastest, group) => Math.max(fastest, group.medianImagesPerSecond), 0);
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'class-chart', role: 'img' });
  const title = svg('title', {});
  title.textContent = `Median images per second: ${groups
    .map((group) => `${group.backend} on ${group.device}, ${figureText(group.medianImagesPerSecond)}`)
    .join('; ')}.`;
  chart.append(title);
  chart.append(svg('line', { x1: 0.5, x2: 0.5, y1: 0, y2: height, class: 'class-chart-axis' }));
  groups.forEach((group, index) => {
    const y = index * rowHeight;
    const name = `${group.backend} · ${group.device}`;
    const label = svg('text', { x: 6, y: y + 16, class: 'class-chart-label' });
    label.textContent = name.length > 90 ? `${name.slice(0, 89)}…` : name;
    const barWidth = top > 0 ? Math.max(2, ((width - labelWidth - 8) * group.medianImagesPerSecond) / top) : 2;
    const bar = svg('rect', { x: 1, y: y + 22, width: barWidth, height: 16, rx: 2, class: 'class-chart-bar' });
    const value = svg('text', { x: barWidth + 8, y: y + 35, class: 'class-chart-value' });
    value.textContent = figureText(group.medianImagesPerSecond);
    chart.append(label, bar, value);
  });
  return chart;
}

/** Files read at once: enough to keep the browser's file reading busy, few enough to hold in memory. */
const readAhead = 32;
/** How long the page reads and checks files before it gives the page a turn (a frame is 16 ms). */
const sliceMs = 40;

/**
 * Waits for the next frame, so that the page draws and answers input between two slices of work; in a
 * tab in the background, where frames stop, for a timer instead, so that reading goes on there too.
 */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });
}

/** A file's text, or why it cannot be used. */
async function readText(file: File): Promise<string | { reason: string }> {
  if (file.size > RESULTS_FILE_MAX_BYTES) {
    return {
      reason: `The file is ${formatNumber(file.size / 1024 / 1024)} MB; a results file of the course is at most ${RESULTS_FILE_MAX_TEXT}.`,
    };
  }
  try {
    return await file.text();
  } catch (error) {
    return { reason: `It could not be read (${String(error)}).` };
  }
}

interface AddedFile {
  name: string;
  kind: 'lab' | 'notebook';
  added: number;
  repeated: number;
}

export class ClassResults extends HTMLElement {
  #runs = new Map<string, ClassRun>();
  #files: AddedFile[] = [];
  /** The names of the files added, to give a new file with the same name its own ("name (2)"). */
  #names = new Set<string>();
  /** Files not added, by name, with the reason; in the order they were refused. */
  #refused = new Map<string, string>();
  #pasted = 0;
  #pending: Promise<void> = Promise.resolve();

  connectedCallback(): void {
    const input = this.querySelector<HTMLInputElement>('[data-class-files]');
    input?.addEventListener('change', () => {
      const files = [...(input.files ?? [])];
      input.value = ''; // the same files chosen again fire `change` again
      this.#queue(() => this.#addFiles(files));
    });

    const zone = this.querySelector<HTMLElement>('[data-drop-zone]');
    zone?.addEventListener('dragover', (event) => {
      if (!event.dataTransfer?.types.includes('Files')) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      zone.dataset.dragging = '';
    });
    zone?.addEventListener('dragleave', () => delete zone.dataset.dragging);
    zone?.addEventListener('drop', (event) => {
      event.preventDefault();
      delete zone.dataset.dragging;
      const files = [...(event.dataTransfer?.files ?? [])];
      this.#queue(() => this.#addFiles(files));
    });

    const textArea = this.querySelector<HTMLTextAreaElement>('[data-class-text]');
    this.querySelector('[data-class-add-text]')?.addEventListener('click', () => {
      const text = textArea?.value.trim() ?? '';
      if (text === '') {
        this.#say('Paste the contents of a results file into the box first.');
        textArea?.focus();
        return;
      }
      this.#pasted += 1;
      const name = this.#uniqueName(`pasted text ${this.#pasted}`, new Set());
      this.#queue(() => {
        if (this.#add(name, text) && textArea) textArea.value = '';
        this.#render(`${name}: ${this.#outcome(name)}`);
      });
    });

    this.querySelector('[data-class-clear]')?.addEventListener('click', () => {
      this.#queue(() => {
        this.#runs.clear();
        this.#files = [];
        this.#names.clear();
        this.#refused.clear();
        this.#pasted = 0;
        if (textArea) textArea.value = '';
        this.#render('Cleared: no files are added.');
        input?.focus();
      });
    });
  }

  /** One change at a time, so files chosen while others are still being read never interleave. */
  #queue(work: () => void | Promise<void>): void {
    this.#pending = this.#pending.then(work).catch((error: unknown) => this.#say(`Something went wrong: ${String(error)}`));
  }

  /**
   * Reads `files` a batch at a time: a class hands in hundreds of files of a thousand runs, or ten
   * thousand small ones. Between batches the page gets a turn (a frame drawn, clicks answered), and the
   * progress bar and status line say how far along it is; the table is drawn once, at the end.
   */
  async #addFiles(files: readonly File[]): Promise<void> {
    if (files.length === 0) return;
    const names = new Set<string>();
    let refused = 0;
    const progress = this.querySelector<HTMLProgressElement>('[data-class-progress]');
    if (progress) {
      progress.max = files.length;
      progress.value = 0;
      progress.hidden = false;
    }
    let sliceStarted = performance.now();
    try {
      for (let start = 0; start < files.length; start += readAhead) {
        const batch = files.slice(start, start + readAhead);
        // Read together (the browser reads files off the main thread), checked one by one below.
        const texts = await Promise.all(batch.map((file) => readText(file)));
        for (const [index, file] of batch.entries()) {
          // Learners' files often share a name (the lab's own): each gets its own entry, "name (2)" and so on.
          const name = this.#uniqueName(file.name, names);
          names.add(name);
          const text = texts[index];
          if (typeof text !== 'string') {
            refused += 1;
            this.#refuse(name, text.reason);
          } else if (!this.#add(name, text)) refused += 1;
          if (performance.now() - sliceStarted > sliceMs) {
            const done = start + index + 1;
            if (progress) progress.value = done;
            this.#say(`Reading files: ${formatNumber(done)} of ${formatNumber(files.length)}…`);
            await nextTurn();
            sliceStarted = performance.now();
          }
        }
      }
    } finally {
      if (progress) progress.hidden = true;
    }
    this.#render(
      `Read ${plural(files.length, 'file')}: ${files.length - refused} added` +
        `${refused > 0 ? `, ${refused} not added (see "Files not added")` : ''}.`,
    );
  }

  /** `name`, or "name (2)", "name (3)"… when a file added before or in this batch has it. */
  #uniqueName(name: string, batch: ReadonlySet<string>): string {
    const taken = (candidate: string) => batch.has(candidate) || this.#names.has(candidate);
    let unique = name;
    for (let count = 2; taken(unique); count++) unique = `${name} (${count})`;
    return unique;
  }

  /** Adds one file's runs; a refused file is listed with its reason. True when it was added. */
  #add(name: string, text: string): boolean {
    let runs: ClassRun[];
    let kind: AddedFile['kind'];
    try {
      ({ runs, kind } = readClassFile(name, text));
    } catch (error) {
      if (!(error instanceof ClassFileError)) throw error;
      this.#refuse(name, error.message);
      return false;
    }
    // A file that was refused before and now reads (fixed and added again) leaves the list of refused files.
    this.#refused.delete(name);
    let added = 0;
    for (const run of runs) {
      const key = runKey(run);
      if (this.#runs.has(key)) continue;
      this.#runs.set(key, run);
      added += 1;
    }
    this.#files.push({ name, kind, added, repeated: runs.length - added });
    this.#names.add(name);
    return true;
  }

  /** Lists a refused file, replacing an earlier refusal of the same name. */
  #refuse(name: string, reason: string): void {
    this.#refused.delete(name);
    this.#refused.set(name, reason);
  }

  /** What happened to the named file, in a sentence or two. */
  #outcome(name: string): string {
    const refused = this.#refused.get(name);
    if (refused !== undefined) return `not added. ${refused}`;
    const file = this.#files.findLast((entry) => entry.name === name);
    return file ? `${this.#fileSummary(file)}.` : '';
  }

  #fileSummary(file: AddedFile): string {
    const source = file.kind === 'lab' ? 'CNN lab' : 'companion notebook';
    const repeated = file.repeated > 0 ? ` (${file.repeated} already added)` : '';
    return `${plural(file.added, 'run')} from the ${source}${repeated}`;
  }

  #render(status: string): void {
    const groups = groupRuns([...this.#runs.values()]);
    const summary = this.querySelector<HTMLElement>('[data-class-summary]');
    const body = this.querySelector('[data-class-rows]');
    const chart = this.querySelector('[data-class-chart]');
    if (summary && body && chart) {
      summary.hidden = groups.length === 0;
      body.replaceChildren(
        ...groups.map((group) => {
          const row = document.createElement('tr');
          const cells = [
            group.device,
            group.backend,
            String(group.runs),
            String(group.files),
            figureText(group.medianImagesPerSecond),
            figureText(group.medianAccuracy),
            group.runs === 1
              ? figureText(group.minImagesPerSecond)
              : `${figureText(group.minImagesPerSecond)} – ${figureText(group.maxImagesPerSecond)}`,
          ];
          row.append(
            ...cells.map((text) => {
              const cell = document.createElement('td');
              cell.textContent = text;
              return cell;
            }),
          );
          return row;
        }),
      );
      chart.replaceChildren(...(groups.length > 0 ? [groupChart(groups)] : []));
    }

    const list = this.querySelector<HTMLElement>('[data-class-files-list]');
    const accepted = this.querySelector('[data-class-accepted]');
    const refusedBox = this.querySelector<HTMLElement>('[data-class-refused-box]');
    const refused = this.querySelector('[data-class-refused]');
    if (list && accepted && refusedBox && refused) {
      list.hidden = this.#files.length === 0 && this.#refused.size === 0;
      accepted.replaceChildren(
        ...this.#files.map((file) => {
          const item = document.createElement('li');
          item.textContent = `${file.name}: ${this.#fileSummary(file)}`;
          return item;
        }),
      );
      refusedBox.hidden = this.#refused.size === 0;
      refused.replaceChildren(
        ...[...this.#refused].map(([name, reason]) => {
          const item = document.createElement('li');
          const strong = document.createElement('strong');
          strong.textContent = name;
          const why = document.createElement('span');
          why.className = 'class-results-reason';
          why.textContent = reason;
          item.append(strong, ': ', why);
          return item;
        }),
      );
    }
    const total = this.#runs.size;
    this.#say(
      total === 0 ? status : `${status} ${plural(total, 'run')} in ${plural(groups.length, 'group')} of device and backend.`,
    );
  }

  #say(text: string): void {
    const status = this.querySelector('[data-class-status]');
    if (status) status.textContent = text;
  }
}

if (!customElements.get('class-results')) customElements.define('class-results', ClassResults);
