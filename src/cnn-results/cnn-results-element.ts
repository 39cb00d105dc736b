/**
 * <cnn-results> (CnnResults.astro): the CNN lab's results table in the page. The server renders the
 * project's reference rows; this element adds the rows the lab saved in this browser and the rows of the
 * learner's companion-notebook runs, which it imports from the notebook's results file, and under the
 * table the verdicts of the notebook's checked exercises (the rows' `exercises`, one line per imported file)
 * and the optimisation ladder of the newest imported file beside this browser's fastest runs (ladder-view.ts).
 *
 * An added file is read and checked once (parseNotebookResults); a wrong or damaged file gets a message
 * and changes nothing. Its rows are kept with the lab's own results (IndexedDB, the `lab.results` store),
 * so they last across visits and the lab's own results table shows them too; adding the same file again
 * replaces its rows. The table refreshes whenever the lab finishes a run.
 *
 * Sharing: a result shared by a link (`#result=…` in the page's address, src/cnn-results/shared-result.ts)
 * shows as a "Shared result" row after the browser's own while the page is open; it is never saved. A
 * link that cannot be read gets a message and changes nothing. The learner can make such a link for one of
 * their runs ("Copy link"), download a picture of the table (src/cnn-results/results-card.ts, loaded on first
 * use) and download the runs of this browser as the lab's results file (labs/api/results-file.ts).
 */
import {
  BROWSER_RESULTS_KEY,
  NOTEBOOK_RESULTS_KEY,
  REFERENCE_ROWS,
  RESULT_COLUMNS,
  type ResultRow,
  type SavedRow,
} from '../../labs/api/cnn-report.ts';
import { RESULTS_FILE_NAME, resultsFileText } from '../../labs/api/results-file.ts';
import type { ResultsStore } from '../../labs/api/index.ts';
import { formatNumber, openResultsStore } from '../lab/index.ts';
import type { CardRow, CardRowKind } from './results-card.ts';
import { drawLadder } from './ladder-view.ts';
import { fastestRun, resultCell, runTime } from './result-text.ts';
import {
  backendWords,
  SharedResultError,
  sharedResultInFragment,
  sharedResultOf,
  sharedResultRow,
  shareLink,
  type SharedResult,
} from './shared-result.ts';
import {
  NOTEBOOK_RESULTS_FILE,
  NOTEBOOK_RESULTS_MAX_BYTES,
  NotebookResultsError,
  ladderRows,
  notebookRows,
  parseNotebookResults,
  type LadderRow,
  type NotebookRow,
} from './notebook-results-format.ts';
import { LADDER_RESULTS_KEY } from './ladder.ts';

/** The newest runs of this browser the table shows; the lab's own output lists more. */
const browserRowsShown = 10;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Offers `blob` as a download named `fileName`. */
function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Puts `rows` in place of the rows an earlier import of the same file (`run`) kept; true when there were some. */
async function replaceRun<T extends { run: string }>(store: ResultsStore<T>, run: string, rows: readonly T[]): Promise<boolean> {
  const kept = await store.load();
  await store.clear();
  for (const row of [...kept.filter((row) => row.run !== run), ...rows]) await store.append(row);
  return kept.some((row) => row.run === run);
}

/** "WebGL · 1,234.5 images/s · 2 Mar 2026, 09:00": a saved run in the list of runs to share, in the learner's locale. */
function runLabel(row: SavedRow): string {
  const small = row.setup.includes('small workload') ? ', small workload' : '';
  return `${backendWords(row.backend)}${small} · ${resultCell(row['images/s'])} images/s · ${runTime(row.date)}`;
}

export class CnnResults extends HTMLElement {
  #browser: ResultsStore<SavedRow> | undefined;
  #notebook: ResultsStore<NotebookRow> | undefined;
  #ladder: ResultsStore<LadderRow> | undefined;
  #observer: MutationObserver | undefined;
  #pending: Promise<void> = Promise.resolve();
  /** What the note under the table says about the browser's rows, and about storage (no IndexedDB, a reset record). */
  #rowsNote = '';
  #storageNotes = new Set<string>();
  /** The result the page's address carries (`#result=…`), if it carries a readable one. */
  #shared: SharedResult | null = null;
  /** What the table shows now, below the reference rows, in order (for the card); and the browser's saved runs. */
  #shownRows: CardRow[] = [];
  #savedRuns: SavedRow[] = [];

  connectedCallback(): void {
    const note = (text: string) => this.#storageNote(text);
    this.#browser = openResultsStore<SavedRow>(BROWSER_RESULTS_KEY, note);
    this.#notebook = openResultsStore<NotebookRow>(NOTEBOOK_RESULTS_KEY, note);
    this.#ladder = openResultsStore<LadderRow>(LADDER_RESULTS_KEY, note);

    const input = this.querySelector<HTMLInputElement>('[data-results-file]');
    input?.addEventListener('change', () => {
      const file = input.files?.[0];
      input.value = ''; // choosing the same file again, after fixing it, fires `change` again
      if (file) this.#queue(() => this.#add(file));
    });
    this.querySelector('[data-results-forget]')?.addEventListener('click', () => this.#queue(() => this.#forget()));
    this.querySelector('[data-share-copy]')?.addEventListener('click', () => this.#queue(() => this.#copyLink()));
    this.querySelector('[data-share-card]')?.addEventListener('click', () =>
      this.#queue(() => this.#downloadCard(), 'The results card could not be made'),
    );
    this.querySelector('[data-share-file]')?.addEventListener('click', () =>
      this.#queue(() => this.#downloadFile(), 'The results file could not be made'),
    );
    window.addEventListener('hashchange', this.#onHashChange);
    this.#readFragment();

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
    window.removeEventListener('hashchange', this.#onHashChange);
  }

  /** A link opened in this page, or pasted into its address bar: shows its result. Other fragments (a heading's) change nothing. */
  readonly #onHashChange = () => {
    if (this.#readFragment()) this.#queue(() => this.#refresh());
  };

  /**
   * Reads a shared result from the address; a damaged one gets a message and changes nothing. True when
   * the row to show changed.
   */
  #readFragment(): boolean {
    let shared: SharedResult | null;
    try {
      shared = sharedResultInFragment(location.hash);
    } catch (error) {
      if (!(error instanceof SharedResultError)) throw error;
      this.#say('', `${error.message} Nothing was added to the table.`);
      return false;
    }
    if (!shared) return false;
    this.#shared = shared;
    this.#say(
      `Showing a shared result as the "Shared result" row: ${backendWords(shared.backend)} on ${shared.device}, ` +
        `${resultCell(shared.imagesPerSecond)} images/s. It came in the link's address and is not saved in this browser.`,
      '',
    );
    this.scrollIntoView({ block: 'start' });
    return true;
  }

  /** Runs changes one after the other, so a second file chosen quickly never interleaves with the first. */
  #queue(work: () => void | Promise<void>, failure = 'Your notebook rows could not be saved'): void {
    this.#pending = this.#pending.then(work).catch((error: unknown) => {
      this.#say('', `${failure} (${String(error)}).`);
    });
  }

  /** Reads the chosen file; adds its rows only when the whole file is right. */
  async #add(file: File): Promise<void> {
    if (!this.#notebook || !this.#ladder) return;
    this.#say('', '');
    let rows: NotebookRow[];
    let rungs: LadderRow[];
    try {
      if (file.size > NOTEBOOK_RESULTS_MAX_BYTES) {
        throw new NotebookResultsError(
          `The file is ${formatNumber(file.size / 1024 / 1024)} MB; the notebook's results file is a few kilobytes.`,
        );
      }
      const results = parseNotebookResults(await file.text());
      rows = notebookRows(results);
      rungs = ladderRows(results);
    } catch (error) {
      const reason = error instanceof NotebookResultsError ? error.message : `It could not be read (${String(error)}).`;
      this.#say(
        '',
        `${file.name} was not added, and nothing changed. ${reason} Choose the ${NOTEBOOK_RESULTS_FILE} file the notebook saved, as it saved it.`,
      );
      return;
    }
    const run = rows[0].run;
    const replaced = await replaceRun(this.#notebook, run, rows);
    await replaceRun(this.#ladder, run, rungs);
    await this.#refresh();
    this.#say(
      `${replaced ? 'Replaced' : 'Added'} ${plural(rows.length, 'row')} from ${file.name}: ${rows.map((row) => row.setup.replace(/^[^:]*: /, '')).join('; ')}.`,
      '',
    );
  }

  async #forget(): Promise<void> {
    if (!this.#notebook || !this.#ladder) return;
    await this.#notebook.clear();
    await this.#ladder.clear();
    await this.#refresh();
    this.#say('Removed your notebook rows.', '');
    this.querySelector<HTMLInputElement>('[data-results-file]')?.focus();
  }

  /** Redraws the stored rows after the reference rows: this browser's newest runs, then the notebook's. */
  async #refresh(): Promise<void> {
    if (!this.#browser || !this.#notebook || !this.#ladder) return;
    const [browser, notebook, ladder] = await Promise.all([this.#browser.load(), this.#notebook.load(), this.#ladder.load()]);
    const body = this.querySelector('[data-results-rows]');
    if (!body) return;
    const shown = browser.slice(-browserRowsShown);
    this.#shownRows = [
      ...shown.map((row): CardRow => ({ row, kind: 'browser' })),
      ...(this.#shared ? [{ row: sharedResultRow(this.#shared), kind: 'shared' } as const] : []),
      ...notebook.map((row): CardRow => ({ row, kind: 'notebook' })),
    ];
    // The reference rows too: the server wrote their numbers in English, the learner's locale may differ.
    body.replaceChildren(
      ...REFERENCE_ROWS.map((row) => this.#row(row, 'reference')),
      ...this.#shownRows.map(({ row, kind }) => this.#row(row, kind)),
    );
    this.#savedRuns = browser;
    this.#offerRuns(shown);

    this.#rowsNote =
      browser.length === 0
        ? "Your browser's runs appear here after the lab above finishes one; they stay in this browser."
        : `Your browser: the newest ${plural(shown.length, 'run')} of ${browser.length} saved in this browser by the lab above.`;
    this.#showNote();
    const forget = this.querySelector<HTMLButtonElement>('[data-results-forget]');
    if (forget) forget.hidden = notebook.length === 0;
    this.#showExercises(notebook);
    drawLadder(this, ladder, browser);
  }

  /** One line per imported file that recorded its exercises: where and when it ran, and the verdicts. */
  #showExercises(notebook: readonly NotebookRow[]): void {
    const box = this.querySelector<HTMLElement>('[data-notebook-exercises]');
    const list = this.querySelector('[data-notebook-exercises-list]');
    if (!box || !list) return;
    const byRun = new Map<string, NotebookRow>();
    for (const row of notebook) if (row.exercises && !byRun.has(row.run)) byRun.set(row.run, row);
    list.replaceChildren(
      ...[...byRun.values()].map((row) => {
        const item = document.createElement('li');
        item.textContent = `${row.setup.replace(/:.*$/, '')}, ${runTime(row.date)}: ${row.exercises}`;
        return item;
      }),
    );
    box.hidden = byRun.size === 0;
  }

  /**
   * Fills "Result to share" with the runs the table shows, newest first, keeping the choice where it can;
   * otherwise the fastest run is chosen, the one a learner would most likely show.
   */
  #offerRuns(runs: readonly SavedRow[]): void {
    const choice = this.querySelector<HTMLSelectElement>('[data-share-choice]');
    const copy = this.querySelector<HTMLButtonElement>('[data-share-copy]');
    const file = this.querySelector<HTMLButtonElement>('[data-share-file]');
    if (!choice || !copy || !file) return;
    const chosen = choice.value;
    const options = runs
      .map((row, index) => ({ row, index }))
      .reverse()
      .map(({ row, index }) => new Option(runLabel(row), String(index)));
    if (options.length === 0) options.push(new Option('none yet: run the lab above', ''));
    choice.replaceChildren(...options);
    if (options.some((option) => option.value === chosen)) choice.value = chosen;
    else if (runs.length > 0) choice.value = String(fastestRun(runs));
    choice.disabled = copy.disabled = file.disabled = runs.length === 0;
  }

  /** Makes the link for the chosen run, shows it, and copies it where the browser lets the page. */
  async #copyLink(): Promise<void> {
    const choice = this.querySelector<HTMLSelectElement>('[data-share-choice]');
    const field = this.querySelector<HTMLInputElement>('[data-share-link]');
    const box = this.querySelector<HTMLElement>('[data-share-link-box]');
    const shown = this.#savedRuns.slice(-browserRowsShown);
    const row = shown[Number(choice?.value)];
    if (!choice || !field || !box || !row) return;
    const link = shareLink(location.href, sharedResultOf(row));
    field.value = link;
    box.hidden = false;
    try {
      await navigator.clipboard.writeText(link);
      this.#say(`Link copied (${link.length} characters): whoever opens it sees this run beside their own results.`, '');
    } catch {
      field.focus();
      field.select();
      this.#say('This browser did not let the page copy the link: copy it from the "Share link" field.', '');
    }
  }

  async #downloadCard(): Promise<void> {
    const { resultsCardPng } = await import('./results-card.ts');
    const made = new Date();
    const reference = REFERENCE_ROWS.map((row): CardRow => ({ row, kind: 'reference' }));
    download(
      await resultsCardPng([...reference, ...this.#shownRows], made),
      `cnn-results-card-${made.toISOString().slice(0, 10)}.png`,
    );
    this.#say('The results card is downloading: a PNG of the table above and a chart of its speeds.', '');
  }

  #downloadFile(): void {
    if (this.#savedRuns.length === 0) return;
    const text = resultsFileText(this.#savedRuns, new Date().toISOString());
    download(new Blob([text], { type: 'application/json' }), RESULTS_FILE_NAME);
    this.#say(`${RESULTS_FILE_NAME} is downloading: ${plural(this.#savedRuns.length, 'run')} saved in this browser.`, '');
  }

  #row(row: ResultRow, kind: CardRowKind): HTMLTableRowElement {
    const tr = document.createElement('tr');
    tr.dataset.kind = kind;
    for (const column of RESULT_COLUMNS) {
      const td = document.createElement('td');
      td.dataset.label = column;
      td.textContent = resultCell(row[column]);
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
