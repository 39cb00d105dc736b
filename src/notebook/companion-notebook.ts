/**
 * The project lesson's companion notebook, built from the course's own Python: the notebook's cells are
 * scripts/pytorch/cifar10_cpu_vs_gpu.py, and its shared cell is the marked code of cnn_reference.py. Served
 * as a download by src/pages/downloads/cifar10-cpu-vs-gpu.ipynb.ts and run by the tests.
 */
import notebookScript from '../../scripts/pytorch/cifar10_cpu_vs_gpu.py?raw';
import referenceScript from '../../scripts/pytorch/cnn_reference.py?raw';
import { percentToNotebook, type Notebook } from './percent-notebook.ts';

/** The download's file name; its address is `downloads/<this>` under the site's base. */
export const COMPANION_NOTEBOOK_FILE = 'cifar10-cpu-vs-gpu.ipynb';

export function companionNotebook(): Notebook {
  return percentToNotebook({ name: 'scripts/pytorch/cifar10_cpu_vs_gpu.py', text: notebookScript }, [
    { name: 'scripts/pytorch/cnn_reference.py', text: referenceScript },
  ]);
}

/** The notebook as its file holds it: JSON indented by one space, as Jupyter writes it. */
export function companionNotebookJson(): string {
  return `${JSON.stringify(companionNotebook(), null, 1)}\n`;
}
