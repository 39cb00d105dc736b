/**
 * The optimisation ladder: the companion notebook trains the project's CNN eight times on the learner's device,
 * each rung removing one more cost of the project's loop, and keeps a rung only if its accuracy holds
 * (scripts/pytorch/cifar10_cpu_vs_gpu.py, "The optimisation ladder"). This file holds the rungs in the page's
 * words, what each one removes, and the project's reference T4 figure; the results file carries the
 * measurements (notebook-results-format.ts reads them), and CnnResults.astro draws them.
 */
import { REFERENCE_ROWS } from '../../labs/api/cnn-report.ts';

/** The page's `lab.results` key for the rungs of added results files (LadderRow); the lab never reads it. */
export const LADDER_RESULTS_KEY = 'cnn-notebook-ladder';

export interface LadderRung {
  /** The id the notebook writes in the results file. */
  id: string;
  /** The change, in a few words. */
  label: string;
  /** What the change removes from each training step. */
  removes: string;
}

/** The rungs in the notebook's order; each keeps every earlier change that was kept. */
export const LADDER_RUNGS = [
  {
    id: 'seed-loop',
    label: "The project's loop",
    removes: 'Nothing yet: the loss read with .item() after every step, pageable copies, two loader workers.',
  },
  {
    id: 'loss-once-per-epoch',
    label: 'Loss read once per epoch',
    removes: 'A synchronisation per step: the CPU no longer waits for the GPU to hand back each loss.',
  },
  {
    id: 'pinned-non-blocking',
    label: 'pin_memory + non_blocking',
    removes: 'The staging copy of pageable memory, and the CPU waiting for each copy to finish.',
  },
  {
    id: 'data-on-device',
    label: 'Data kept on the device',
    removes: 'Host-to-device traffic and the loader processes: the whole training set is copied once.',
  },
  {
    id: 'batch-256',
    label: 'Batch 256',
    removes: 'Three launches in four: each step does four times the work (learning rate 0.002).',
  },
  {
    id: 'width-4',
    label: 'Width × 4',
    removes: 'Idle cores: 16 times the FLOPs per image, so each launch keeps more of the GPU busy.',
  },
  {
    id: 'channels-last-autocast',
    label: 'channels_last + autocast',
    removes: 'Memory traffic: 16-bit activations, in the layout that Tensor Cores read.',
  },
  {
    id: 'torch-compile',
    label: 'torch.compile',
    removes: 'Python and launch overhead: fused kernels and fewer trips through the interpreter.',
  },
] as const satisfies readonly LadderRung[];

export type LadderRungId = (typeof LADDER_RUNGS)[number]['id'];

/**
 * The reference T4's images per second on each rung. Only the project's own loop was measured on a T4 (the
 * project's GPU row); the other rungs never were, and say so rather than show an estimate.
 */
export const T4_LADDER: Readonly<Record<LadderRungId, number | null>> = {
  'seed-loop': Number(REFERENCE_ROWS[1]?.['images/s']),
  'loss-once-per-epoch': null,
  'pinned-non-blocking': null,
  'data-on-device': null,
  'batch-256': null,
  'width-4': null,
  'channels-last-autocast': null,
  'torch-compile': null,
};

/** What a rung's reference cell says where the T4 never ran it. */
export const T4_NOT_MEASURED = 'not measured on a T4';
