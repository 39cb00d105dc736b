/**
 * Fills the optimisation ladder's table (LadderTable.astro) in the page: the learner's rungs from the newest
 * added results file that has a ladder, this browser's fastest WASM and WebGPU runs of the lab, and a bar
 * under every figure, all on one scale so the rungs, the reference T4 and the browser compare at a glance.
 * The bars only repeat the numbers beside them, so they are hidden from screen readers.
 */
import type { SavedRow } from '../../labs/api/cnn-report.ts';
import { LADDER_RUNGS, T4_LADDER, T4_NOT_MEASURED } from './ladder.ts';
import type { LadderRow } from './notebook-results-format.ts';
import { fastestRun, resultCell, runTime } from './result-text.ts';

/** The rungs of the newest added file; empty when no added file had a ladder. */
function newestLadder(rows: readonly LadderRow[]): LadderRow[] {
  const newest = rows.reduce<LadderRow | null>(
    (best, row) => (!best || Date.parse(row.date) > Date.parse(best.date) ? row : best),
    null,
  );
  return newest ? rows.filter((row) => row.run === newest.run) : [];
}

function fastest(browser: readonly SavedRow[], backend: string): SavedRow | null {
  const runs = browser.filter((row) => row.backend === backend);
  return runs[fastestRun(runs)] ?? null;
}

/** Writes `text` into the cell and, for a figure, a bar as long as the figure's share of `scale`. */
function fill(cell: Element | null, text: string, figure: number | null = null, scale = 0): void {
  if (!cell) return;
  cell.textContent = text;
  if (figure === null || scale <= 0) return;
  const bar = document.createElement('span');
  bar.className = 'ladder-bar';
  bar.setAttribute('aria-hidden', 'true');
  bar.style.width = `${Math.max(1, Math.round((100 * figure) / scale))}%`;
  cell.append(bar);
}

export function drawLadder(root: Element, ladder: readonly LadderRow[], browser: readonly SavedRow[]): void {
  const rungs = newestLadder(ladder);
  const runs = { wasm: fastest(browser, 'wasm'), webgpu: fastest(browser, 'webgpu') };
  const figures = [
    ...Object.values(T4_LADDER),
    ...rungs.map((rung) => rung.images_per_second),
    runs.wasm?.['images/s'] ?? null,
    runs.webgpu?.['images/s'] ?? null,
  ].filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  const scale = Math.max(0, ...figures);

  for (const row of root.querySelectorAll<HTMLElement>('[data-ladder-rung]')) {
    const id = row.dataset.ladderRung ?? '';
    const reference = T4_LADDER[id as keyof typeof T4_LADDER] ?? null;
    fill(
      row.querySelector('[data-ladder-reference]'),
      reference === null ? T4_NOT_MEASURED : resultCell(reference),
      reference,
      scale,
    );
    const rung = rungs.find((candidate) => candidate.step === id);
    const yours = row.querySelector('[data-ladder-yours]');
    const accuracy = row.querySelector('[data-ladder-accuracy]');
    const kept = row.querySelector('[data-ladder-kept]');
    delete row.dataset.kept;
    if (!rung) {
      fill(yours, rungs.length > 0 ? 'not in your file' : 'not added yet');
      fill(accuracy, '');
      fill(kept, '');
    } else if (rung.skipped !== null || rung.images_per_second === null) {
      fill(yours, `skipped: ${rung.skipped ?? 'no figure'}`);
      fill(accuracy, '–');
      fill(kept, '–');
    } else {
      fill(yours, resultCell(rung.images_per_second), rung.images_per_second, scale);
      fill(accuracy, resultCell(rung.accuracy ?? ''));
      fill(kept, rung.kept ? 'yes' : 'no: accuracy fell more than 2 points');
      row.dataset.kept = String(rung.kept);
    }
  }

  for (const row of root.querySelectorAll<HTMLElement>('[data-ladder-browser]')) {
    const run = runs[row.dataset.ladderBrowser as keyof typeof runs] ?? null;
    fill(
      row.querySelector('[data-ladder-yours]'),
      run ? resultCell(run['images/s']) : 'no run yet',
      run?.['images/s'] ?? null,
      scale,
    );
    fill(row.querySelector('[data-ladder-accuracy]'), run ? resultCell(run['accuracy (%)']) : '');
  }

  const first = rungs[0];
  const heading = root.querySelector('[data-ladder-yours-heading]');
  if (heading) heading.textContent = first ? `Your notebook: ${first.device_name} (images/s)` : 'Your notebook (images/s)';
  const note = root.querySelector('[data-ladder-note]');
  if (note && first) {
    const unknown = rungs.filter((rung) => !LADDER_RUNGS.some((known) => known.id === rung.step)).length;
    const epochs = `${first.epochs} ${first.epochs === 1 ? 'epoch' : 'epochs'}`;
    note.textContent =
      `Your ladder: ${first.where}, ${runTime(first.date)}, on ${first.device_name}, ${epochs} per rung. ` +
      'Only the first rung was ever measured on the reference T4.' +
      (unknown > 0 ? ` Your file has ${unknown} rung${unknown === 1 ? '' : 's'} this page does not know, left out here.` : '');
  }
}
