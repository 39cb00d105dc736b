/**
 * <cnn-results> (CnnResults.astro): the CNN lab's results table in the page. The server renders the
 * project's reference rows; this element adds the rows the lab saved in this browser and the rows of the
 * learner's companion-notebook runs, which it imports from the notebook's results file.
 *
 * An added file is read and checked once (parseNotebookResults); a wrong or damaged file gets a message
 * and changes nothing. Its rows are kept with the lab's own results (IndexedDB, the `lab.results` store),
 * so they last across visits and the lab's own results table shows them too; adding the same file again
 * replaces its rows. The table refreshes whenever the lab finishes a run.
 */
import {
  BROWSER_RESULTS_KEY,
  NOTEBOOK_RESULTS_KEY,
  RESULT_COLUMNS,
  type ResultRow,
  type SavedRow,
} from '../../labs/cnn/report.ts';
import type { Cell, ResultsStore } from '../../labs/api/index.ts';
import { formatNumber } from '../lab/number-text.ts';
import { openResultsStore } from '../lab/results-store.ts';
import {
  NOTEBOOK_RESULTS_FILE,
  NOTEBOOK_RESULTS_MAX_BYTES,
  NotebookResultsError,
  notebookRows,
  parseNotebookResults,
  type NotebookRow,
} from './results-format.ts';

/** The newest runs of this browser the table shows; the lab's own output lists more. */
const browserRowsShown = 10;

type RowKind = 'browser' | 'notebook';

function cellText(value: Cell | undefined): string {
  return typeof value === 'number' ? formatNumber(value) : String(value ?? '');
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export class CnnResults extends HTMLElement {
  #browser: ResultsStore<SavedRow> | undefined;
  #notebook: ResultsStore<NotebookRow> | undefined;
  #observer: MutationObserver | undefined;
  #pending: Promise<void> = Promise.resolve();
  /** What the note under the table says about the browser's rows, and about storage (no IndexedDB, a reset record). */
  #rowsNote = '';
  #storageNotes = new Set<string>();

  connectedCallback(): void {
    const note = (text: string) => this.#storageNote(text);
    this.#browser = openResultsStore<SavedRow>(BROWSER_RESULTS_KEY, note);
    this.#notebook = openResultsStore<NotebookRow>(NOTEBOOK_RESULTS_KEY, note);

    const input = this.querySelector<HTMLInputElement>('[data-results-file]');
    input?.addEventListener('change', () => {
      const file = input.files?.[0];
      input.value = ''; // choosing the same file again, after fixing it, fires `change` again
      if (file) this.#queue(() => this.#add(file));
    });
    this.querySelector('[data-results-forget]')?.addEventListener('click', () => this.#queue(() => this.#forget()));

    const lab = document.querySelector(`course-lab[data-lab-id="${this.dataset.labId ?? 'cnn'}"]`);
    if (lab) {
      this.#observer = new MutationObserver(() => {
        if (lab.getAttribute('data-state') === 'done') this.#queue(() => this.#refresh());
      });
      this.#observer.observe(lab, { attributes: true, attributeFilter: ['data-state'] });
    }
    this.#queue(() => this.#refresh());
  }

  disconnectedCallback(): void {
    this.#observer?.disconnect();
  }

  /** Runs changes one after the other, so a second file chosen quickly never interleaves with the first. */
  #queue(work: () => Promise<void>): void {
    this.#pending = this.#pending.then(work).catch((error: unknown) => {
      this.#say('', `Your notebook rows could not be saved (${String(error)}).`);
    });
  }

  /** Reads the chosen file; adds its rows only when the whole file is right. */
  async #add(file: File): Promise<void> {
    if (!this.#notebook) return;
    this.#say('', '');
    let rows: NotebookRow[];
    try {
      if (file.size > NOTEBOOK_RESULTS_MAX_BYTES) {
        throw new NotebookResultsError(
          `The file is ${formatNumber(file.size / 1024 / 1024)} MB; the notebook's results file is a few kilobytes.`,
        );
      }
      rows = notebookRows(parseNotebookResults(await file.text()));
    } catch (error) {
      const reason = error instanceof NotebookResultsError ? error.message : `It could not be read (${String(error)}).`;
      this.#say(
        '',
        `${file.name} was not added, and nothing changed. ${reason} Choose the ${NOTEBOOK_RESULTS_FILE} file the notebook saved, as it saved it.`,
      );
      return;
    }
    const run = rows[0].run;
    const kept = await this.#notebook.load();
    const replaced = kept.some((row) => row.run === run);
    await this.#notebook.clear();
    for (const row of [...kept.filter((row) => row.run !== run), ...rows]) await this.#notebook.append(row);
    await this.#refresh();
    this.#say(
      `${replaced ? 'Replaced' : 'Added'} ${plural(rows.length, 'row')} from ${file.name}: ${rows.map((row) => row.setup.replace(/^[^:]*: /, '')).join('; ')}.`,
      '',
    );
  }

  async #forget(): Promise<void> {
    if (!this.#notebook) return;
    await this.#notebook.clear();
    await this.#refresh();
    this.#say('Removed your notebook rows.', '');
    this.querySelector<HTMLInputElement>('[data-results-file]')?.focus();
  }

  /** Redraws the stored rows after the reference rows: this browser's newest runs, then the notebook's. */
  async #refresh(): Promise<void> {
    if (!this.#browser || !this.#notebook) return;
    const [browser, notebook] = await Promise.all([this.#browser.load(), this.#notebook.load()]);
    const body = this.querySelector('[data-results-rows]');
    if (!body) return;
    for (const row of body.querySelectorAll('tr:not([data-kind="reference"])')) row.remove();
    const shown = browser.slice(-browserRowsShown);
    body.append(...shown.map((row) => this.#row(row, 'browser')), ...notebook.map((row) => this.#row(row, 'notebook')));

    this.#rowsNote =
      browser.length === 0
        ? "Your browser's runs appear here after the lab above finishes one; they stay in this browser."
        : `Your browser: the newest ${plural(shown.length, 'run')} of ${browser.length} saved in this browser by the lab above.`;
    this.#showNote();
    const forget = this.querySelector<HTMLButtonElement>('[data-results-forget]');
    if (forget) forget.hidden = notebook.length === 0;
  }

  #row(row: ResultRow, kind: RowKind): HTMLTableRowElement {
    const tr = document.createElement('tr');
    tr.dataset.kind = kind;
    for (const column of RESULT_COLUMNS) {
      const td = document.createElement('td');
      td.textContent = cellText(row[column]);
      tr.append(td);
    }
    return tr;
  }

  #storageNote(text: string): void {
    this.#storageNotes.add(text);
    this.#showNote();
  }

  #showNote(): void {
    const note = this.querySelector('[data-results-note]');
    if (note) note.textContent = [this.#rowsNote, ...this.#storageNotes].filter(Boolean).join(' ');
  }

  #say(status: string, error: string): void {
    const statusElement = this.querySelector('[data-results-status]');
    const errorElement = this.querySelector('[data-results-error]');
    if (statusElement) statusElement.textContent = status;
    if (errorElement) errorElement.textContent = error;
  }
}

if (!customElements.get('cnn-results')) customElements.define('cnn-results', CnnResults);
