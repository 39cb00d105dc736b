/**
 * The project lesson's companion notebook, built from the course's own Python: the notebook's cells are
 * scripts/pytorch/cifar10_cpu_vs_gpu.py, and its shared cell is the marked code of cnn_reference.py. Served
 * as a download by src/pages/downloads/cifar10-cpu-vs-gpu.ipynb.ts and run by the tests.
 */
import notebookScript from '../../scripts/pytorch/cifar10_cpu_vs_gpu.py?raw';
import referenceScript from '../../scripts/pytorch/cnn_reference.py?raw';
import checksScript from '../../scripts/pytorch/notebook_checks.py?raw';
import solutionsScript from '../../scripts/pytorch/notebook_solutions.py?raw';
import { percentToNotebook, type Notebook, type NotebookOptions } from './percent-notebook.ts';

/** The download's file name; its address is `downloads/<this>` under the site's base. */
export const COMPANION_NOTEBOOK_FILE = 'cifar10-cpu-vs-gpu.ipynb';

/**
 * The notebook; its exercise cells hold the learner's starters, or with `solutions` the reference solutions
 * of scripts/pytorch/notebook_solutions.py (what the tests run to see every check pass).
 */
export function companionNotebook(options: NotebookOptions = {}): Notebook {
  return percentToNotebook(
    { name: 'scripts/pytorch/cifar10_cpu_vs_gpu.py', text: notebookScript },
    [
      { name: 'scripts/pytorch/cnn_reference.py', text: referenceScript },
      { name: 'scripts/pytorch/notebook_checks.py', text: checksScript },
      { name: 'scripts/pytorch/notebook_solutions.py', text: solutionsScript },
    ],
    options,
  );
}

/** The notebook as its file holds it: JSON indented by one space, as Jupyter writes it. */
export function companionNotebookJson(options: NotebookOptions = {}): string {
  return `${JSON.stringify(companionNotebook(options), null, 1)}\n`;
}
