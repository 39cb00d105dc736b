/**
 * A Jupyter notebook (nbformat 4.5) from a Python script in the percent format, the format Jupytext,
 * VS Code and Spyder read as cells:
 *
 *   # %%                        starts a code cell
 *   # %% [markdown]             starts a text cell; its lines are comments ("# text", or "#" for a blank line)
 *   # %% shared from FILE: a, b starts a code cell whose body the build replaces by the regions a and b of FILE,
 *                               the lines between "# notebook: begin a" and "# notebook: end a" there
 *   # %% exercise NAME from FILE an exercise cell: its body is the learner's starter, which must hold "# TODO"
 *                               lines; built with `solutions`, the region NAME of FILE replaces it. Tagged
 *                               "exercise" and "exercise-NAME" in the cell's metadata
 *   # %% check                  a code cell tagged "check": the cell that checks the exercise above it
 *
 * Text before the first marker (a shebang, the module docstring) is not part of the notebook. Pure, so
 * tests build the same notebook the site serves.
 */

/** A cell as nbformat 4.5 stores it. */
export type NotebookCell =
  | { id: string; cell_type: 'markdown'; metadata: Record<string, unknown>; source: string[] }
  | {
      id: string;
      cell_type: 'code';
      metadata: Record<string, unknown>;
      source: string[];
      outputs: unknown[];
      execution_count: number | null;
    };

export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: NotebookCell[];
}

/** A source file the notebook is built from; `name` is how messages and `shared from` markers name it. */
export interface SourceFile {
  name: string;
  text: string;
}

/** A notebook source that cannot be built; the message names the file, the line and the fix. */
class NotebookSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotebookSourceError';
  }
}

const marker = /^# %%(.*)$/;
const sharedMarker = /^shared from (\S+):\s*(.+)$/;
const exerciseMarker = /^exercise (\S+) from (\S+)$/;
const regionLine = /^# notebook: (begin|end) (\S+)\s*$/;

/** The named regions of a file, each as its lines between the begin and end markers. */
export function notebookRegions(file: SourceFile): Map<string, string[]> {
  const regions = new Map<string, string[]>();
  let open: { name: string; line: number; lines: string[] } | null = null;
  for (const [index, text] of file.text.split('\n').entries()) {
    const match = regionLine.exec(text);
    if (!match) {
      open?.lines.push(text);
      continue;
    }
    const [, edge, name] = match;
    const where = `${file.name}:${index + 1}`;
    if (edge === 'begin') {
      if (open) {
        throw new NotebookSourceError(
          `${where}: region "${name}" begins inside region "${open.name}" (line ${open.line}); end that one first.`,
        );
      }
      if (regions.has(name)) {
        throw new NotebookSourceError(`${where}: region "${name}" is defined twice; give one of them another name.`);
      }
      open = { name, line: index + 1, lines: [] };
    } else {
      if (open?.name !== name) {
        throw new NotebookSourceError(`${where}: "# notebook: end ${name}" without "# notebook: begin ${name}" before it.`);
      }
      regions.set(name, open.lines);
      open = null;
    }
  }
  if (open) {
    throw new NotebookSourceError(
      `${file.name}:${open.line}: region "${open.name}" never ends; add "# notebook: end ${open.name}" after its code.`,
    );
  }
  return regions;
}

/** Drops blank lines at both ends. */
function trimmed(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start].trim() === '') start++;
  while (end > start && lines[end - 1].trim() === '') end--;
  return lines.slice(start, end);
}

/** nbformat's way to store text: one string per line, each with its newline except the last. */
function sourceLines(lines: string[]): string[] {
  return lines.map((line, index) => (index < lines.length - 1 ? `${line}\n` : line));
}

interface RawCell {
  kind: 'markdown' | 'code';
  /** What follows "# %%" on the marker line. */
  header: string;
  /** The marker's line number, from 1. */
  line: number;
  lines: string[];
}

function rawCells(file: SourceFile): RawCell[] {
  const cells: RawCell[] = [];
  file.text.split('\n').forEach((text, index) => {
    const match = marker.exec(text);
    if (match) {
      const header = match[1].trim();
      if (header.startsWith('[') && header !== '[markdown]') {
        throw new NotebookSourceError(
          `${file.name}:${index + 1}: "# %% ${header}" is not a cell kind this build knows; use "# %%" or "# %% [markdown]".`,
        );
      }
      cells.push({ kind: header === '[markdown]' ? 'markdown' : 'code', header, line: index + 1, lines: [] });
    } else {
      cells.at(-1)?.lines.push(text);
    }
  });
  if (cells.length === 0)
    throw new NotebookSourceError(`${file.name} has no "# %%" cell markers, so it makes an empty notebook.`);
  return cells;
}

function markdownText(file: SourceFile, cell: RawCell): string[] {
  const leadingBlanks = Math.max(
    0,
    cell.lines.findIndex((line) => line.trim() !== ''),
  );
  return trimmed(cell.lines).map((text, index) => {
    if (text === '#') return '';
    if (text.startsWith('# ')) return text.slice(2);
    throw new NotebookSourceError(
      `${file.name}:${cell.line + 1 + leadingBlanks + index}: a markdown cell's lines are comments ("# text", or "#" for a blank line); this one is not.`,
    );
  });
}

function sharedFile(file: SourceFile, cell: RawCell, shared: readonly SourceFile[], fileName: string): SourceFile {
  const source = shared.find((candidate) => candidate.name === fileName || candidate.name.endsWith(`/${fileName}`));
  if (!source) {
    throw new NotebookSourceError(
      `${file.name}:${cell.line}: the cell shares code from ${fileName}, which the build was not given.`,
    );
  }
  return source;
}

function regionOf(file: SourceFile, cell: RawCell, source: SourceFile, name: string): string[] {
  const regions = notebookRegions(source);
  const lines = regions.get(name);
  if (!lines) {
    throw new NotebookSourceError(
      `${file.name}:${cell.line}: ${source.name} has no region "${name}" (it has: ${[...regions.keys()].join(', ') || 'none'}). ` +
        `Mark it there with "# notebook: begin ${name}" and "# notebook: end ${name}".`,
    );
  }
  return trimmed(lines);
}

function sharedCode(file: SourceFile, cell: RawCell, shared: readonly SourceFile[]): string[] | null {
  const match = sharedMarker.exec(cell.header);
  if (!match) return null;
  const [, fileName, list] = match;
  const source = sharedFile(file, cell, shared, fileName);
  const names = list.split(',').map((name) => name.trim());
  const parts = names.map((name) => regionOf(file, cell, source, name));
  const heading = `# From ${source.name} in the course's repository (${names.join(', ')}): one copy of this code serves both.`;
  return [heading, '', ...parts.flatMap((lines, index) => (index === 0 ? lines : ['', '', ...lines]))];
}

/** The notebook metadata: a Python 3 kernel; on Colab, a GPU runtime (a T4) is asked for when the notebook opens. */
const notebookMetadata = {
  kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' },
  language_info: { name: 'python' },
  accelerator: 'GPU',
  colab: { provenance: [], gpuType: 'T4', toc_visible: true },
};

/** An exercise cell's code and tags: the starter as written, or with `solutions` the solution's region. */
function exerciseCode(
  file: SourceFile,
  cell: RawCell,
  shared: readonly SourceFile[],
  solutions: boolean,
): { code: string[]; tags: string[] } | null {
  const match = exerciseMarker.exec(cell.header);
  if (!match) return null;
  const [, name, fileName] = match;
  const solution = regionOf(file, cell, sharedFile(file, cell, shared, fileName), name);
  const starter = trimmed(cell.lines);
  if (!starter.some((line) => line.trimStart().startsWith('# TODO'))) {
    throw new NotebookSourceError(
      `${file.name}:${cell.line}: the exercise "${name}" has no "# TODO" line; its starter should tell the learner what to write.`,
    );
  }
  return { code: solutions ? solution : starter, tags: ['exercise', `exercise-${name}`] };
}

/** How the notebook is built. */
export interface NotebookOptions {
  /** Put each exercise's reference solution in its cell instead of the learner's starter (for tests). */
  solutions?: boolean;
}

/** Builds the notebook: one cell per marker, shared cells filled from `shared`, every code cell unexecuted. */
export function percentToNotebook(
  file: SourceFile,
  shared: readonly SourceFile[] = [],
  { solutions = false }: NotebookOptions = {},
): Notebook {
  const cells = rawCells(file).map((cell, index): NotebookCell => {
    const id = `cell-${String(index + 1).padStart(2, '0')}`;
    if (cell.kind === 'markdown')
      return { id, cell_type: 'markdown', metadata: {}, source: sourceLines(markdownText(file, cell)) };
    const exercise = exerciseCode(file, cell, shared, solutions);
    const code = exercise?.code ?? sharedCode(file, cell, shared) ?? trimmed(cell.lines);
    if (code.length === 0)
      throw new NotebookSourceError(`${file.name}:${cell.line}: this code cell is empty; remove its "# %%" line.`);
    const tags = exercise?.tags ?? (cell.header === 'check' ? ['check'] : []);
    const metadata = tags.length > 0 ? { tags } : {};
    return { id, cell_type: 'code', metadata, source: sourceLines(code), outputs: [], execution_count: null };
  });
  return { nbformat: 4, nbformat_minor: 5, metadata: notebookMetadata, cells };
}
