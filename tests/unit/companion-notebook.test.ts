/**
 * The companion notebook the site serves (/downloads/cifar10-cpu-vs-gpu.ipynb): valid nbformat 4 as
 * Jupyter and Colab read it, built from the course's own Python with the reference's code copied in
 * unchanged, and the percent-format builder's messages for a source it cannot build.
 * (Running the notebook: companion-notebook-run.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { companionNotebook, companionNotebookJson } from '../../src/notebook/companion-notebook.ts';
import { notebookRegions, percentToNotebook, type NotebookCell, type SourceFile } from '../../src/notebook/percent-notebook.ts';
import {
  NOTEBOOK_RESULTS_FILE,
  NOTEBOOK_RESULTS_FORMAT,
  NOTEBOOK_RESULTS_VERSION,
} from '../../src/cnn-results/notebook-results-format.ts';

const referenceFile: SourceFile = {
  name: 'scripts/pytorch/cnn_reference.py',
  text: readFileSync('scripts/pytorch/cnn_reference.py', 'utf8'),
};
const checksFile: SourceFile = {
  name: 'scripts/pytorch/notebook_checks.py',
  text: readFileSync('scripts/pytorch/notebook_checks.py', 'utf8'),
};
const solutionsFile: SourceFile = {
  name: 'scripts/pytorch/notebook_solutions.py',
  text: readFileSync('scripts/pytorch/notebook_solutions.py', 'utf8'),
};

/** What nbformat 4 requires of a notebook (the parts of its JSON schema that apply here), as a list of problems. */
function nbformatProblems(notebook: unknown): string[] {
  const problems: string[] = [];
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  const isSource = (value: unknown) =>
    typeof value === 'string' || (Array.isArray(value) && value.every((line) => typeof line === 'string'));
  if (!isObject(notebook)) return ['the notebook is not a JSON object'];
  if (notebook.nbformat !== 4) problems.push(`nbformat is ${String(notebook.nbformat)}, not 4`);
  const minor = notebook.nbformat_minor;
  if (typeof minor !== 'number' || !Number.isInteger(minor) || minor < 0) problems.push('nbformat_minor is not a whole number');
  if (!isObject(notebook.metadata)) problems.push('metadata is not an object');
  const allowedTop = ['nbformat', 'nbformat_minor', 'metadata', 'cells'];
  for (const key of Object.keys(notebook)) if (!allowedTop.includes(key)) problems.push(`unexpected top-level field ${key}`);
  if (!Array.isArray(notebook.cells)) return [...problems, 'cells is not a list'];
  const ids = new Set<string>();
  notebook.cells.forEach((cell: unknown, index) => {
    const at = `cells[${index}]`;
    if (!isObject(cell)) return problems.push(`${at} is not an object`);
    if (!isObject(cell.metadata)) problems.push(`${at}.metadata is not an object`);
    if (!isSource(cell.source)) problems.push(`${at}.source is neither a string nor a list of strings`);
    if (typeof minor === 'number' && minor >= 5) {
      if (typeof cell.id !== 'string' || !/^[a-zA-Z0-9-_]{1,64}$/.test(cell.id)) problems.push(`${at}.id is not a valid cell id`);
      else if (ids.has(cell.id)) problems.push(`${at}.id ${cell.id} is not unique`);
      else ids.add(cell.id);
    }
    if (cell.cell_type === 'code') {
      if (!Array.isArray(cell.outputs)) problems.push(`${at}.outputs is not a list`);
      if (!(cell.execution_count === null || Number.isInteger(cell.execution_count)))
        problems.push(`${at}.execution_count is wrong`);
      for (const key of Object.keys(cell))
        if (!['id', 'cell_type', 'metadata', 'source', 'outputs', 'execution_count'].includes(key))
          problems.push(`${at} has ${key}`);
    } else if (cell.cell_type === 'markdown') {
      for (const key of Object.keys(cell))
        if (!['id', 'cell_type', 'metadata', 'source', 'attachments'].includes(key)) problems.push(`${at} has ${key}`);
    } else {
      problems.push(`${at}.cell_type is ${String(cell.cell_type)}`);
    }
    return undefined;
  });
  return problems;
}

const cellText = (cell: { source: string[] }) => cell.source.join('');

describe('the companion notebook', () => {
  const notebook = companionNotebook();
  const code = notebook.cells.filter((cell) => cell.cell_type === 'code').map(cellText);
  const markdown = notebook.cells.filter((cell) => cell.cell_type === 'markdown').map(cellText);

  test('is valid nbformat 4 JSON: nbformat 4.5, a Python kernel, unexecuted code cells with unique ids', () => {
    const parsed: unknown = JSON.parse(companionNotebookJson());
    expect(nbformatProblems(parsed)).toEqual([]);
    expect(notebook).toMatchObject({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: 'python3', language: 'python' } },
    });
    expect(code.length).toBeGreaterThanOrEqual(8);
    expect(markdown.length).toBeGreaterThanOrEqual(6);
    for (const cell of notebook.cells) {
      expect(cell.source.length, `${cell.id} is empty`).toBeGreaterThan(0);
      expect(cell.source.slice(0, -1).every((line) => line.endsWith('\n'))).toBe(true);
      expect(cell.source.at(-1)?.endsWith('\n')).toBe(false);
    }
  });

  test('asks Colab for a GPU runtime and tells the reader how to get one', () => {
    expect(notebook.metadata).toMatchObject({ accelerator: 'GPU', colab: { gpuType: 'T4' } });
    expect(markdown[0]).toContain('Runtime → Change runtime type');
    expect(markdown[0]).toContain('Add your Colab result');
  });

  test("holds the reference's code itself, copied unchanged from cnn_reference.py, and no import of it", () => {
    const shared = code.find((cell) => cell.includes('class Cnn(nn.Module):'));
    expect(shared).toBeDefined();
    const regions = notebookRegions(referenceFile);
    expect([...regions.keys()]).toEqual(['constants', 'network', 'flops', 'devices', 'fail', 'records']);
    for (const [name, lines] of regions) expect(shared, `region ${name}`).toContain(lines.join('\n').trim());
    expect(code.join('\n')).not.toContain('from cnn_reference import');
  });

  const tagsOf = (cell: NotebookCell) => (cell.metadata.tags as string[] | undefined) ?? [];
  const exerciseNames = ['device', 'timing', 'amp', 'loader', 'placement', 'accumulation', 'epoch_loss', 'benchmark'];
  const todoLine = /^\s*# TODO/m;

  test('offers eight exercises, each a starter with # TODO lines followed by the cell that checks it', () => {
    const exercises = notebook.cells.filter((cell) => tagsOf(cell).includes('exercise'));
    expect(exercises.map((cell) => tagsOf(cell)[1])).toEqual(exerciseNames.map((name) => `exercise-${name}`));
    for (const cell of exercises) {
      expect(cellText(cell)).toContain('# TODO');
      expect(cellText(cell)).toContain('raise NotImplementedError');
      const next = notebook.cells[notebook.cells.indexOf(cell) + 1];
      expect(tagsOf(next), `the cell after ${cell.id}`).toEqual(['check']);
      expect(cellText(next)).toMatch(/^check_\w+\(/);
    }
    // A "# TODO" line is the exercise itself: no other cell has one.
    const others = notebook.cells.filter((cell) => !tagsOf(cell).includes('exercise'));
    for (const cell of others) expect(cellText(cell), cell.id).not.toMatch(todoLine);
  });

  test('holds the checks copied from notebook_checks.py, and with solutions the reference solutions instead of the starters', () => {
    const checks = notebookRegions(checksFile).get('checks') ?? [];
    expect(code.some((cell) => cell.includes(checks.join('\n').trim()))).toBe(true);
    expect(code.join('\n')).not.toContain('from notebook_checks import');
    const solved = companionNotebook({ solutions: true });
    const solutions = notebookRegions(solutionsFile);
    const solvedExercises = solved.cells.filter((cell) => tagsOf(cell).includes('exercise'));
    expect(solvedExercises.map(cellText)).toEqual(exerciseNames.map((name) => (solutions.get(name) ?? []).join('\n').trim()));
    expect(solved.cells.map(cellText).join('\n')).not.toMatch(todoLine);
    // Everything else is the served notebook, cell for cell.
    const rest = (cells: NotebookCell[]) => cells.filter((cell) => !tagsOf(cell).includes('exercise'));
    expect(rest(solved.cells)).toEqual(rest(notebook.cells));
  });

  test('covers the four experiments, prints its device and writes the results file in the format the lab reads', () => {
    const all = code.join('\n');
    expect(all).toContain('synchronise(device)');
    expect(all).toContain('torch.autocast(device_type=');
    expect(all).toContain('GradScaler');
    expect(all).toMatch(/num_workers=num_workers, pin_memory=pin_memory/);
    expect(all).toContain('from torch.profiler import ProfilerActivity, profile');
    expect(all).toContain('print(f"Running on:');
    expect(all).toContain(`RESULTS_FORMAT = "${NOTEBOOK_RESULTS_FORMAT}"`);
    expect(all).toContain(`RESULTS_VERSION = ${NOTEBOOK_RESULTS_VERSION}`);
    expect(all).toContain(`"CNN_NOTEBOOK_OUTPUT", "${NOTEBOOK_RESULTS_FILE}"`);
    expect(all).toContain('files.download(RESULTS_FILE)');
  });
});

describe('percentToNotebook', () => {
  const file = (text: string): SourceFile => ({ name: 'notebook.py', text });

  test('splits cells at # %% markers, turns comment lines into markdown and leaves out the header', () => {
    const built = percentToNotebook(
      file('"""Header."""\n\n# %% [markdown]\n# # Title\n#\n# Text.\n\n# %%\nx = 1\n\n\nprint(x)\n\n'),
    );
    expect(built.cells).toEqual([
      { id: 'cell-01', cell_type: 'markdown', metadata: {}, source: ['# Title\n', '\n', 'Text.'] },
      {
        id: 'cell-02',
        cell_type: 'code',
        metadata: {},
        source: ['x = 1\n', '\n', '\n', 'print(x)'],
        outputs: [],
        execution_count: null,
      },
    ]);
  });

  test('fills a shared cell with the named regions of another file', () => {
    const shared: SourceFile = {
      name: 'lib/ref.py',
      text: '# notebook: begin a\nA = 1\n# notebook: end a\nB = 2\n# notebook: begin c\nC = 3\n# notebook: end c\n',
    };
    const built = percentToNotebook(file('# %% shared from ref.py: c, a\nfrom ref import A, C\n'), [shared]);
    expect(cellText(built.cells[0])).toBe(
      "# From lib/ref.py in the course's repository (c, a): one copy of this code serves both.\n\nC = 3\n\n\nA = 1",
    );
  });

  test('builds an exercise cell from its starter, or with solutions from the solution file, tagged for the tests', () => {
    const solutions: SourceFile = {
      name: 'lib/sol.py',
      text: '# notebook: begin one\ndef f():\n    return 1\n# notebook: end one\n',
    };
    const source = file(
      '# %% exercise one from sol.py\ndef f():\n    # TODO: return 1\n    raise NotImplementedError\n\n# %% check\ncheck(f)\n',
    );
    const served = percentToNotebook(source, [solutions]);
    expect(served.cells.map(cellText)).toEqual(['def f():\n    # TODO: return 1\n    raise NotImplementedError', 'check(f)']);
    expect(served.cells.map((cell) => cell.metadata)).toEqual([{ tags: ['exercise', 'exercise-one'] }, { tags: ['check'] }]);
    const solved = percentToNotebook(source, [solutions], { solutions: true });
    expect(cellText(solved.cells[0])).toBe('def f():\n    return 1');
    expect(() => percentToNotebook(file('# %% exercise one from sol.py\ndef f():\n    pass\n'), [solutions])).toThrow(
      'notebook.py:1: the exercise "one" has no "# TODO" line; its starter should tell the learner what to write.',
    );
    expect(() => percentToNotebook(file('# %% exercise two from sol.py\n# TODO\n'), [solutions])).toThrow(
      'notebook.py:1: lib/sol.py has no region "two" (it has: one).',
    );
  });

  test('says what is wrong with a source it cannot build, with the file and line', () => {
    expect(() => percentToNotebook(file('x = 1\n'))).toThrow('notebook.py has no "# %%" cell markers');
    expect(() => percentToNotebook(file('# %% [raw]\nx\n'))).toThrow(
      'notebook.py:1: "# %% [raw]" is not a cell kind this build knows',
    );
    expect(() => percentToNotebook(file('# %% [markdown]\n# fine\nnot a comment\n'))).toThrow(
      "notebook.py:3: a markdown cell's lines are comments",
    );
    expect(() => percentToNotebook(file('# %%\n\n# %%\nx = 1\n'))).toThrow('notebook.py:1: this code cell is empty');
    expect(() => percentToNotebook(file('# %% shared from ref.py: a\n'))).toThrow(
      'the cell shares code from ref.py, which the build was not given',
    );
    const ref: SourceFile = { name: 'ref.py', text: '# notebook: begin a\nA = 1\n# notebook: end a\n' };
    expect(() => percentToNotebook(file('# %% shared from ref.py: b\n'), [ref])).toThrow(
      'notebook.py:1: ref.py has no region "b" (it has: a). Mark it there with "# notebook: begin b" and "# notebook: end b".',
    );
    expect(() => notebookRegions({ name: 'ref.py', text: '# notebook: begin a\nA = 1\n' })).toThrow(
      'ref.py:1: region "a" never ends; add "# notebook: end a" after its code.',
    );
    expect(() => notebookRegions({ name: 'ref.py', text: '# notebook: end a\n' })).toThrow(
      'ref.py:1: "# notebook: end a" without "# notebook: begin a" before it.',
    );
  });
});
